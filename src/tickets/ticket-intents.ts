import type { Finding } from '../model/finding.js';
import type { TicketsConfig } from '../model/config/tickets-config.js';
import { redactSecrets } from '../logging/redact.js';
import { globMatch, matchesFinding } from '../alerts/match-finding.js';
import { ticketMarker, type TicketDraft } from './ticket-system.js';
import type { Assignee } from '../model/config/tickets-config.js';
import { wantedAssignee, type AssigneeWanted, type PeopleContext } from './ticket-assignee.js';

export const BREAK_GLASS_CHECK = 'aws-cloudtrail-event-break-glass-role-assumed';
export const EMERGENCY_ACCESS_LABEL = 'Emergency Access';

/** A ticket that should be open now, for one finding or (offboarding) one person. */
export interface TicketIntent {
  kind: string;
  draft: TicketDraft;
  /** The findings it covers: resolved when every one of them passes. */
  findingKeys: string[];
  /** One line for a comment on regression. */
  summary: string;
  /** Who it goes to, resolved against the ticket system when the ticket is created. */
  assign: AssigneeWanted;
  /** Break-glass: the CloudTrail event id, what the review attestation answers. */
  ref?: string;
}

export interface IntentOptions {
  runId: string;
  reportUrl?: string;
  mask?: (t: string) => string;
  /** The identity graph and `people.accessReview`: managers and system owners for assignees. */
  people?: PeopleContext;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const obj = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

const where = (f: Finding) =>
  `${f.scope.kind}:${f.scope.name ?? f.scope.id} › ${f.resource.type}:${f.resource.name ?? f.resource.id}`;

function findingLines(f: Finding): string[] {
  return [
    `**${f.title}**`,
    f.message,
    `- Check: \`${f.checkId}\` (severity ${f.severity})`,
    `- Resource: ${where(f)}`,
    `- Controls: ${f.controls.join(', ') || 'none'}`,
    ...(f.firstSeen ? [`- First seen: ${f.firstSeen}`] : []),
    `- Finding key: \`${f.key}\``,
  ];
}

/** CloudTrail details a reviewer needs: who, when, where from, which role and session. */
function breakGlassLines(f: Finding): string[] {
  const o = f.observed;
  const actor = obj(o.actor);
  return [
    'A break-glass role was assumed. Link this ticket to the incident that required it and review what the session did; with no incident, revoke the sessions and rotate whatever can assume the role.',
    '',
    `- Role: ${str(o.roleArn) ?? '(unknown)'}`,
    `- Session: ${str(o.roleSessionName) ?? '(none)'}`,
    `- Assumed by: ${str(actor.arn) ?? str(actor.userName) ?? str(actor.type) ?? '(unknown)'}`,
    `- Source IP: ${str(o.sourceIPAddress) ?? '(not recorded)'}`,
    `- Event: ${str(o.eventName) ?? ''} ${str(o.eventId) ?? ''} at ${str(o.eventTime) ?? ''} in ${str(o.awsRegion) ?? ''}`,
    `- Account: ${f.scope.name ? `${f.scope.name} (${f.scope.id})` : f.scope.id}`,
  ];
}

/** Who a people finding is about: what the people checks put in `observed` (person, personId, email), else the resource. */
function personOf(f: Finding): { id: string; name: string } {
  if (typeof f.observed.person === 'string' && f.observed.person !== '')
    return { id: f.observed.person, name: f.observed.person };
  const p = obj(f.observed.person);
  // The people checks name their resource `<email> <system>`: one finding per person and system, one ticket per person.
  const email = f.resource.type === 'person' ? f.resource.id.split(' ')[0] : undefined;
  const id = str(p.id) ?? str(f.observed.personId) ?? str(p.email) ?? str(f.observed.email) ?? email ?? f.resource.id;
  return {
    id,
    name: str(p.name) ?? str(p.email) ?? str(f.observed.personName) ?? str(f.observed.email) ?? f.resource.name ?? id,
  };
}

/** The person a finding is about, when it is about one (a people check's finding). */
const subjectOf = (f: Finding): string | undefined =>
  f.resource.type === 'person' || f.observed.person !== undefined ? personOf(f).id : undefined;

/**
 * The tickets the findings call for, one kind per finding in this order: break-glass review, offboarding verification
 * (one per person, listing every account or credential still live), critical (not excepted), then the config's rules.
 */
export function ticketIntents(findings: readonly Finding[], cfg: TicketsConfig, o: IntentOptions): TicketIntent[] {
  const clean = (s: string) => (o.mask ?? ((t: string) => t))(redactSecrets(s));
  const failing = findings.filter((f) => f.status === 'fail');
  const taken = new Set<string>();
  const intents: TicketIntent[] = [];
  const footer = [`Raised by assay run ${o.runId}.`, ...(o.reportUrl ? [`Report: ${o.reportUrl}`] : [])];
  const add = (
    kind: string,
    key: string,
    title: string,
    lines: string[],
    fs: Finding[],
    labels: string[],
    who: Assignee | undefined,
    subject: string | undefined,
  ) => {
    for (const f of fs) taken.add(f.key);
    intents.push({
      kind,
      findingKeys: fs.map((f) => f.key),
      summary: clean(fs.map((f) => f.message).join(' ')).slice(0, 1000),
      draft: {
        key,
        marker: ticketMarker(key),
        title: clean(title).slice(0, 250),
        body: clean([...lines, '', ...footer].join('\n')),
        labels: [...new Set([...cfg.labels, ...labels])],
      },
      assign: wantedAssignee(who, cfg.assignee, fs, subject, o.people ?? {}),
    });
  };

  if (cfg.kinds.breakGlass)
    for (const f of failing.filter((x) => x.checkId === BREAK_GLASS_CHECK)) {
      add(
        'break-glass',
        f.key,
        `${EMERGENCY_ACCESS_LABEL}: break-glass role assumed in ${f.scope.name ?? f.scope.id}`,
        [...breakGlassLines(f), '', ...findingLines(f)],
        [f],
        [EMERGENCY_ACCESS_LABEL],
        undefined,
        undefined,
      );
      const eventId = str(f.observed.eventId);
      if (eventId) intents.at(-1)!.ref = eventId;
    }

  if (cfg.kinds.offboarding) {
    const people = new Map<string, { name: string; fs: Finding[] }>();
    for (const f of failing.filter((x) => !taken.has(x.key) && globMatch(cfg.offboardingChecks, x.checkId))) {
      const p = personOf(f);
      const entry = people.get(p.id) ?? { name: p.name, fs: [] };
      entry.fs.push(f);
      people.set(p.id, entry);
    }
    for (const [id, { name, fs }] of people)
      add(
        'offboarding',
        `offboarding|${id}`,
        `Offboarding verification: ${name} still has live access`,
        [
          `${name} has left, yet ${fs.length} account${fs.length === 1 ? ' or credential is' : 's or credentials are'} still live. Disable each, then confirm here.`,
          '',
          ...fs.map((f) => `- [ ] ${where(f)}: ${f.message}`),
        ],
        fs,
        ['Offboarding'],
        cfg.offboardingAssignee,
        id,
      );
  }

  if (cfg.kinds.critical)
    for (const f of failing.filter((x) => !taken.has(x.key) && x.severity === 'critical'))
      add(
        'critical',
        f.key,
        `Critical: ${f.title} (${f.resource.name ?? f.resource.id})`,
        findingLines(f),
        [f],
        ['critical'],
        undefined,
        subjectOf(f),
      );

  for (const rule of cfg.rules)
    for (const f of findings.filter(
      (x) => !taken.has(x.key) && x.status !== 'excepted' && matchesFinding(rule.match, x),
    ))
      add(
        `rule:${rule.name}`,
        f.key,
        `${f.title} (${f.resource.name ?? f.resource.id})`,
        findingLines(f),
        [f],
        rule.labels,
        rule.assignee,
        subjectOf(f),
      );

  return intents;
}
