import { createHash } from 'node:crypto';
import type { Finding, FindingStatus } from '../model/finding.js';
import type { Severity } from '../model/severity.js';
import { isoControlReference, qualifiedControl } from './iso-control-reference.js';

/**
 * Findings as OCSF Compliance Finding events (class 2003), schema 1.8.0:
 * https://schema.ocsf.io/1.8.0/classes/compliance_finding. Each value below is the schema's own enum, checked by
 * test/reports/ocsf-compliance-finding.test.ts against the schema source.
 */
export const OCSF_VERSION = '1.8.0';

const CATEGORY = { uid: 2, name: 'Findings' } as const;
const CLASS = { uid: 2003, name: 'Compliance Finding' } as const;
const ACTIVITY = { create: [1, 'Create'], update: [2, 'Update'], close: [3, 'Close'] } as const;

const SEVERITY: Record<Severity, readonly [number, string]> = {
  info: [1, 'Informational'],
  low: [2, 'Low'],
  medium: [3, 'Medium'],
  high: [4, 'High'],
  critical: [5, 'Critical'],
};

/**
 * compliance.status_id has Pass, Warning and Fail. An error is not known to pass, so it is Other, never Pass; an
 * excepted failure still fails the control (the workflow status says it is suppressed under an approved exception).
 */
const COMPLIANCE_STATUS: Record<FindingStatus, readonly [number, string]> = {
  pass: [1, 'Pass'],
  fail: [3, 'Fail'],
  excepted: [3, 'Fail'],
  error: [99, 'Error'],
  not_applicable: [99, 'Not Applicable'],
};

/** What a check contributes beyond the finding itself. */
export interface OcsfCheckInfo {
  remediation: string;
}

export interface OcsfRunContext {
  runId: string;
  /** When the run started: the time its checks judged. */
  startedAt: Date;
  toolVersion: string;
  checks: ReadonlyMap<string, OcsfCheckInfo>;
  /** Finding keys of the run this one follows (empty for the first run): a key seen before is an Update. */
  previousKeys: ReadonlySet<string>;
}

type IdCaption = readonly [number, string];

export interface OcsfComplianceFinding {
  class_uid: 2003;
  class_name: string;
  category_uid: 2;
  category_name: string;
  activity_id: number;
  activity_name: string;
  type_uid: number;
  type_name: string;
  time: number;
  severity_id: number;
  severity: string;
  status_id: number;
  status: string;
  message: string;
  metadata: {
    version: string;
    uid: string;
    correlation_uid: string;
    product: { name: string; vendor_name: string; version: string };
  };
  finding_info: {
    uid: string;
    title: string;
    desc: string;
    types: string[];
    first_seen_time?: number;
    analytic: { uid: string; name: string; type_id: 1; type: 'Rule'; version: string };
  };
  compliance: {
    standards: string[];
    requirements: string[];
    control?: string;
    status_id: number;
    status: string;
    status_details: string[];
  };
  status_detail?: string;
  resources: Array<{
    uid: string;
    name?: string;
    type: string;
    role_id: 1;
    role: 'Target';
    group: { uid: string; name: string; type: string };
  }>;
  remediation?: { desc: string };
}

/** Stable across runs: the same check, scope and resource always give the same uid. */
export const ocsfFindingUid = (key: string): string => createHash('sha256').update(key).digest('hex');

/** Where the finding stands in its workflow: open ones are new or in progress; a pass closes it. */
function workflowStatus(f: Finding): IdCaption {
  if (f.status === 'excepted') return [3, 'Suppressed'];
  if (f.status === 'fail' || f.status === 'error')
    return f.lifecycle === 'still_failing' ? [2, 'In Progress'] : [1, 'New'];
  if (f.status === 'pass') return [4, 'Resolved'];
  return [99, 'Not Applicable'];
}

function activity(f: Finding, previousKeys: ReadonlySet<string>): IdCaption {
  if (f.lifecycle === 'resolved') return ACTIVITY.close;
  return previousKeys.has(f.key) || f.lifecycle === 'still_failing' ? ACTIVITY.update : ACTIVITY.create;
}

/** The exception that decided the finding, in one sentence an auditor can follow to its ticket. */
function exceptionDetail({ exception: e }: Finding): string | undefined {
  if (!e) return undefined;
  const what = e.state === 'in_force' ? `Excepted until ${e.expires}` : `Exception expired on ${e.expires}`;
  return `${what} under exception ${e.id}, approved by ${e.approvedBy} (ticket ${e.ticket}).`;
}

/**
 * One finding as one event. `observed` stays in the evidence store: it holds vendor values a GRC tool has no field
 * for, and an export should carry no more of a vendor's payload than the finding's message already does.
 */
export function ocsfComplianceFinding(f: Finding, ctx: OcsfRunContext): OcsfComplianceFinding {
  const [activityId, activityName] = activity(f, ctx.previousKeys);
  const [severityId, severityName] = SEVERITY[f.severity];
  const [statusId, statusName] = workflowStatus(f);
  const [complianceId, complianceName] = COMPLIANCE_STATUS[f.status];
  const refs = f.controls.map(isoControlReference);
  const uid = ocsfFindingUid(f.key);
  const remediation = ctx.checks.get(f.checkId)?.remediation;
  const scopeName = f.scope.name ?? f.scope.id;
  const exception = exceptionDetail(f);
  return {
    class_uid: CLASS.uid,
    class_name: CLASS.name,
    category_uid: CATEGORY.uid,
    category_name: CATEGORY.name,
    activity_id: activityId,
    activity_name: activityName,
    type_uid: CLASS.uid * 100 + activityId,
    type_name: `${CLASS.name}: ${activityName}`,
    time: ctx.startedAt.getTime(),
    severity_id: severityId,
    severity: severityName,
    status_id: statusId,
    status: statusName,
    message: f.message,
    metadata: {
      version: OCSF_VERSION,
      uid: `${ctx.runId}/${uid}`,
      correlation_uid: ctx.runId,
      product: { name: 'assay', vendor_name: 'assay', version: ctx.toolVersion },
    },
    finding_info: {
      uid,
      title: f.title,
      desc: f.message,
      types: ['Compliance Check'],
      ...(f.firstSeen ? { first_seen_time: Date.parse(f.firstSeen) } : {}),
      analytic: { uid: f.checkId, name: f.title, type_id: 1, type: 'Rule', version: String(f.checkVersion) },
    },
    compliance: {
      standards: [...new Set(refs.map((r) => r.standard))],
      requirements: refs.map(qualifiedControl),
      // One string in the schema: the check's first (primary) control; `requirements` lists every one.
      ...(refs[0] ? { control: refs[0].annexA } : {}),
      status_id: complianceId,
      status: complianceName,
      status_details: exception ? [f.message, exception] : [f.message],
    },
    ...(exception ? { status_detail: exception } : {}),
    resources: [
      {
        uid: f.resource.id,
        ...(f.resource.name ? { name: f.resource.name } : {}),
        type: f.resource.type,
        role_id: 1,
        role: 'Target',
        group: { uid: `${f.scope.kind}:${f.scope.id}`, name: scopeName, type: f.scope.kind },
      },
    ],
    ...(remediation ? { remediation: { desc: remediation } } : {}),
  };
}

/** Characters JSON leaves raw that terminals act on (DEL, C1 controls, line separators, bidirectional overrides). */
const RAW_IN_JSON = /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** One event per line, those characters written as `\uXXXX`: the same JSON value, safe to print. */
export const ocsfJsonLines = (findings: readonly Finding[], ctx: OcsfRunContext): string =>
  findings
    .map((f) =>
      JSON.stringify(ocsfComplianceFinding(f, ctx)).replace(
        RAW_IN_JSON,
        (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`,
      ),
    )
    .map((line) => `${line}\n`)
    .join('');
