import { describe, expect, it } from 'vitest';
import { checkRegistry } from '../../checks/index.js';
import type { Finding } from '../../src/model/finding.js';
import {
  OCSF_VERSION,
  ocsfComplianceFinding,
  ocsfFindingUid,
  ocsfJsonLines,
  type OcsfRunContext,
} from '../../src/reports/ocsf-compliance-finding.js';
import { loadOcsfValidator } from '../support/ocsf-schema.js';

const validator = loadOcsfValidator();

const finding = (over: Partial<Finding> = {}): Finding => ({
  key: 'github-members-2fa-enabled|github-org:acme|mallory',
  checkId: 'github-members-2fa-enabled',
  checkVersion: 1,
  title: 'Every GitHub organization member has two-factor authentication enabled',
  status: 'fail',
  severity: 'critical',
  scope: { kind: 'github-org', id: 'acme', name: 'Acme' },
  resource: { type: 'github-user', id: 'mallory', name: 'Mallory' },
  message: 'Owner mallory of acme has two-factor authentication disabled.',
  observed: { login: 'mallory', marker: 'OBSERVED-VALUE-NOT-EXPORTED' },
  controls: ['iso27001:5.17', 'iso27001:8.5'],
  lifecycle: 'new',
  firstSeen: '2026-12-01T10:00:00.000Z',
  ...over,
});

const ctx = (over: Partial<OcsfRunContext> = {}): OcsfRunContext => ({
  runId: '20261207T100000Z-abc123',
  startedAt: new Date('2026-12-07T10:00:00.000Z'),
  toolVersion: '0.1.0',
  checks: checkRegistry(),
  previousKeys: new Set(),
  ...over,
});

/** A copy of a valid event to break one thing in. */
const valid = (): Record<string, any> =>
  structuredClone(ocsfComplianceFinding(finding(), ctx())) as Record<string, any>;

describe('the OCSF 1.8.0 validator (test/support/ocsf-schema.ts)', () => {
  it('reads the schema version the exporter writes, resolves compliance_finding to class 2003 and reaches every object', () => {
    expect(validator.version).toBe(OCSF_VERSION);
    expect(validator.resolved.attributes.compliance?.requirement).toBe('required');
    expect(validator.resolved.attributes.finding_info?.requirement).toBe('required');
    expect(validator.resolved.attributes.metadata?.requirement).toBe('required');
    expect(validator.resolved.attributes.class_uid?.enum).toEqual({ 2003: { caption: 'Compliance Finding' } });
    expect(validator.resolved.profiles).toEqual(
      expect.arrayContaining(['cloud', 'datetime', 'host', 'osint', 'security_control', 'incident']),
    );
    const objects = validator.reachableObjects();
    expect(objects).toEqual(
      expect.arrayContaining(['compliance', 'finding_info', 'metadata', 'product', 'remediation']),
    );
    expect(objects.length).toBeGreaterThan(100);
  });

  it('accepts a valid event', () => {
    expect(validator.validate(valid())).toEqual([]);
  });

  it.each<[string, (e: Record<string, any>) => void, string]>([
    ['a missing required attribute', (e) => delete e.compliance, 'compliance: required by compliance_finding'],
    ['a missing nested required attribute', (e) => delete e.metadata.product, 'metadata.product: required by metadata'],
    ['a missing required attribute of a nested object', (e) => delete e.finding_info.uid, 'finding_info.uid: required'],
    ['a string for a timestamp', (e) => (e.time = '2026-12-07T10:00:00Z'), 'time: expected an integer (timestamp_t)'],
    ['a float for an integer', (e) => (e.severity_id = 2.5), 'severity_id: expected a 32-bit integer'],
    ['a number for a string', (e) => (e.finding_info.title = 42), 'finding_info.title: expected a string'],
    [
      'an object for a string array',
      (e) => (e.compliance.standards = 'ISO'),
      'compliance.standards: expected an array',
    ],
    ['a severity_id outside the enum', (e) => (e.severity_id = 7), 'severity_id: 7 is not in the enum'],
    ['a compliance status_id outside the enum', (e) => (e.compliance.status_id = 4), 'compliance.status_id: 4 is not'],
    ['a finding status_id outside the enum', (e) => (e.status_id = 7), 'status_id: 7 is not in the enum'],
    ['another class', (e) => (e.class_uid = 2004), 'class_uid: 2004 is not in the enum'],
    [
      'a type_uid that does not match',
      (e) => (e.type_uid = 200302),
      'type_uid: expected class_uid * 100 + activity_id',
    ],
    ['a caption that contradicts its id', (e) => (e.severity = 'Low'), "severity: expected 'Critical'"],
    ['an unknown attribute', (e) => (e.observed = {}), 'observed: not an attribute of compliance_finding'],
    [
      'an unknown nested attribute',
      (e) => (e.compliance.iso = 'A.5.17'),
      'compliance.iso: not an attribute of compliance',
    ],
    ['a profile attribute without its profile', (e) => (e.cloud = { provider: 'AWS' }), 'cloud: not an attribute'],
    [
      'a declared profile whose required attribute is missing',
      (e) => (e.metadata.profiles = ['cloud']),
      'cloud: required by compliance_finding (profile cloud)',
    ],
    ['a 64-bit value for a 32-bit integer', (e) => (e.severity_id = 2 ** 31), 'severity_id: expected a 32-bit integer'],
    ['the datetime profile, which it does not derive', (e) => (e.metadata.profiles = ['datetime']), 'datetime is not'],
    ['an undefined profile', (e) => (e.metadata.profiles = ['acme']), 'metadata.profiles: acme is not an OCSF 1.8.0'],
    ['a deprecated attribute', (e) => (e.resource = { uid: 'x' }), 'resource: deprecated in compliance_finding'],
    [
      'an entity with neither name nor uid',
      (e) => (e.finding_info.analytic = { type_id: 1 }),
      'needs one of name, uid',
    ],
    ['null for a value', (e) => (e.message = null), 'message: null is not a value'],
  ])('refuses %s', (_what, breakIt, problem) => {
    const event = valid();
    breakIt(event);
    const problems = validator.validate(event);
    expect(
      problems.some((p) => p.includes(problem)),
      `${problem} in ${JSON.stringify(problems)}`,
    ).toBe(true);
  });

  it('takes a declared profile: its attributes become allowed and its required ones required', () => {
    const event = valid();
    event.metadata.profiles = ['cloud'];
    event.cloud = { provider: 'AWS', region: 'us-east-1' };
    expect(validator.validate(event)).toEqual([]);
  });
});

describe('findings as OCSF Compliance Findings', () => {
  it('maps a new failure: Create, New, Fail, the ISO references, remediation, and no observed values', () => {
    const event = ocsfComplianceFinding(finding(), ctx());
    expect(event).toMatchObject({
      class_uid: 2003,
      category_uid: 2,
      activity_id: 1,
      activity_name: 'Create',
      type_uid: 200301,
      time: Date.parse('2026-12-07T10:00:00.000Z'),
      severity_id: 5,
      status_id: 1,
      status: 'New',
      metadata: {
        version: '1.8.0',
        product: { name: 'assay', vendor_name: 'assay', version: '0.1.0' },
        correlation_uid: '20261207T100000Z-abc123',
      },
      finding_info: {
        title: 'Every GitHub organization member has two-factor authentication enabled',
        desc: 'Owner mallory of acme has two-factor authentication disabled.',
        first_seen_time: Date.parse('2026-12-01T10:00:00.000Z'),
        analytic: { uid: 'github-members-2fa-enabled', type_id: 1, type: 'Rule', version: '1' },
      },
      compliance: {
        standards: ['ISO/IEC 27001:2022'],
        requirements: ['ISO/IEC 27001:2022 A.5.17', 'ISO/IEC 27001:2022 A.8.5'],
        control: 'A.5.17',
        status_id: 3,
        status: 'Fail',
      },
      resources: [
        {
          uid: 'mallory',
          name: 'Mallory',
          type: 'github-user',
          group: { uid: 'github-org:acme', name: 'Acme', type: 'github-org' },
        },
      ],
    });
    expect(event.remediation?.desc).toBe(checkRegistry().get('github-members-2fa-enabled')!.remediation);
    expect(JSON.stringify(event)).not.toContain('OBSERVED-VALUE-NOT-EXPORTED');
  });

  it('keeps finding_info.uid stable across runs while metadata.uid names the run', () => {
    const a = ocsfComplianceFinding(finding(), ctx({ runId: 'run-a' }));
    const b = ocsfComplianceFinding(finding({ lifecycle: 'still_failing' }), ctx({ runId: 'run-b' }));
    expect(a.finding_info.uid).toBe(b.finding_info.uid);
    expect(a.finding_info.uid).toBe(ocsfFindingUid('github-members-2fa-enabled|github-org:acme|mallory'));
    expect(a.metadata.uid).toBe(`run-a/${a.finding_info.uid}`);
    expect(b.metadata.uid).not.toBe(a.metadata.uid);
    expect(ocsfFindingUid('other|key|x')).not.toBe(a.finding_info.uid);
  });

  it.each<[string, Partial<Finding>, boolean, [number, number, string, number, string]]>([
    ['a new failure', { status: 'fail', lifecycle: 'new' }, false, [1, 1, 'New', 3, 'Fail']],
    ['a failure still open', { status: 'fail', lifecycle: 'still_failing' }, true, [2, 2, 'In Progress', 3, 'Fail']],
    ['a resolved failure', { status: 'pass', lifecycle: 'resolved' }, true, [3, 4, 'Resolved', 1, 'Pass']],
    ['a first pass', { status: 'pass', lifecycle: 'unchanged' }, false, [1, 4, 'Resolved', 1, 'Pass']],
    ['a pass seen before', { status: 'pass', lifecycle: 'unchanged' }, true, [2, 4, 'Resolved', 1, 'Pass']],
    ['a new error', { status: 'error', lifecycle: 'new' }, false, [1, 1, 'New', 99, 'Error']],
    ['an error still open', { status: 'error', lifecycle: 'still_failing' }, true, [2, 2, 'In Progress', 99, 'Error']],
    [
      'not applicable',
      { status: 'not_applicable', lifecycle: 'unchanged' },
      true,
      [2, 99, 'Not Applicable', 99, 'Not Applicable'],
    ],
  ])(
    'maps %s, and the event validates',
    (_what, over, seenBefore, [activity, statusId, status, complianceId, compliance]) => {
      const f = finding(over);
      const event = ocsfComplianceFinding(f, ctx({ previousKeys: new Set(seenBefore ? [f.key] : []) }));
      expect([
        event.activity_id,
        event.status_id,
        event.status,
        event.compliance.status_id,
        event.compliance.status,
      ]).toEqual([activity, statusId, status, complianceId, compliance]);
      expect(event.type_uid).toBe(200300 + activity);
      expect(validator.validate(event)).toEqual([]);
    },
  );

  it('maps an excepted failure to Fail, Suppressed, naming the exception; an expired one fails again, naming it', () => {
    const exception = {
      id: 'EX-7',
      state: 'in_force',
      approvedBy: 'ciso@example.com',
      expires: '2027-03-31',
      ticket: 'GRC-12',
    } as const;
    const excepted = ocsfComplianceFinding(finding({ status: 'excepted', exception }), ctx());
    expect(excepted).toMatchObject({
      status_id: 3,
      status: 'Suppressed',
      status_detail: 'Excepted until 2027-03-31 under exception EX-7, approved by ciso@example.com (ticket GRC-12).',
      compliance: { status_id: 3, status: 'Fail' },
    });
    expect(excepted.compliance.status_details).toHaveLength(2);
    const expired = ocsfComplianceFinding(
      finding({ status: 'fail', lifecycle: 'still_failing', exception: { ...exception, state: 'expired' } }),
      ctx({ previousKeys: new Set([finding().key]) }),
    );
    expect(expired).toMatchObject({ status_id: 2, compliance: { status_id: 3 } });
    expect(expired.status_detail).toBe(
      'Exception expired on 2027-03-31 under exception EX-7, approved by ciso@example.com (ticket GRC-12).',
    );
    expect(validator.validate(excepted)).toEqual([]);
    expect(validator.validate(expired)).toEqual([]);
  });

  it('never maps an error to Pass', () => {
    for (const lifecycle of ['new', 'still_failing', 'unchanged', 'resolved', undefined] as const) {
      const event = ocsfComplianceFinding(finding({ status: 'error', lifecycle }), ctx());
      expect(event.compliance.status_id).not.toBe(1);
      expect(event.compliance.status).not.toBe('Pass');
    }
  });

  it('names both standards for a finding mapped to both, each requirement qualified by its standard', () => {
    const event = ocsfComplianceFinding(finding({ controls: ['iso42001:A.6.2.6', 'iso27001:5.2'] }), ctx());
    expect(event.compliance).toMatchObject({
      standards: ['ISO/IEC 42001:2023', 'ISO/IEC 27001:2022'],
      requirements: ['ISO/IEC 42001:2023 A.6.2.6', 'ISO/IEC 27001:2022 A.5.2'],
      control: 'A.6.2.6',
    });
  });

  it('emits a valid event for every registered check at every severity, without a resource name or a known check', () => {
    const events = [...checkRegistry().values()].flatMap((c) =>
      (['info', 'low', 'medium', 'high', 'critical'] as const).map((severity) =>
        ocsfComplianceFinding(
          finding({
            key: `${c.id}|aws-account:111122223333|r`,
            checkId: c.id,
            title: c.title,
            severity,
            controls: [...c.controls],
            scope: { kind: 'aws-account', id: '111122223333' },
            resource: { type: 'aws-account', id: '111122223333' },
          }),
          ctx(),
        ),
      ),
    );
    events.push(ocsfComplianceFinding(finding({ checkId: 'retired-check', firstSeen: undefined }), ctx()));
    expect(events.at(-1)).not.toHaveProperty('remediation');
    expect(events.length).toBeGreaterThan(100);
    expect(events.flatMap((e) => validator.validate(e))).toEqual([]);
  });

  it('writes one event per line, with line separators and C1 controls escaped and the value unchanged', () => {
    const tricky = 'Repository a\u2028b\u0085c has \u202eno rule.';
    const text = ocsfJsonLines([finding(), finding({ key: 'k2', message: tricky })], ctx());
    const lines = text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(text).not.toMatch(/[\u2028\u0085\u202e]/);
    const events = lines.slice(0, 2).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events[1]!.message).toBe(tricky);
    for (const e of events) expect(validator.validate(e)).toEqual([]);
    expect(ocsfJsonLines([], ctx())).toBe('');
  });
});
