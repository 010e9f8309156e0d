import type { Finding } from '../model/finding.js';
import type { PeopleGraph } from '../model/datasets/people.js';
import type { AccessReviewConfig } from '../model/config/people-config.js';
import type { Assignee, AssigneeSource } from '../model/config/tickets-config.js';
import { sourceOf } from '../alerts/match-finding.js';

/** What the identity graph and the config say about who owns what. */
export interface PeopleContext {
  graph?: PeopleGraph | undefined;
  accessReview?: AccessReviewConfig | undefined;
}

/** Who a ticket should go to, before the ticket system is asked. */
export interface AssigneeWanted {
  /** A person to find in the ticket system by email, and why them. */
  person?: { email: string; via: AssigneeSource };
  /** A user as the ticket system names them: used as is, or when the person is not found there. */
  fallback?: string;
  /** Why no person was chosen (the ticket's subject has no manager in Workspace `relations`…). */
  note?: string;
}

/** A check's source as the people config names systems (`people.accessReview.reviewers`). */
const SYSTEM_OF_SOURCE: Record<string, string> = {
  github: 'github',
  aws: 'aws-iam',
  google: 'google-workspace',
};

const systemOf = (f: Finding): string | undefined =>
  typeof f.observed.system === 'string' ? f.observed.system : SYSTEM_OF_SOURCE[sourceOf(f)];

/**
 * The user a ticket about `subject` (a person's email, when the ticket is about one) goes to. A string is a user of
 * the ticket system; `{ from }` names a person: the subject's manager, or the owner (reviewer) of the findings'
 * system. Without one (no graph, no manager, no reviewer) the ticket falls back, and the note says why.
 */
export function wantedAssignee(
  spec: Assignee | undefined,
  top: Assignee | undefined,
  findings: readonly Finding[],
  subject: string | undefined,
  people: PeopleContext,
): AssigneeWanted {
  if (spec === undefined) return top === undefined ? {} : wantedAssignee(top, undefined, findings, subject, people);
  if (typeof spec === 'string') return { fallback: spec };
  const fallback = spec.fallback ?? (typeof top === 'string' ? top : top?.fallback);
  const out = (email: string | undefined, note: string): AssigneeWanted => ({
    ...(email ? { person: { email, via: spec.from } } : { note }),
    ...(fallback ? { fallback } : {}),
  });
  if (spec.from === 'manager') {
    if (!subject) return out(undefined, 'the ticket is about no person, so no manager');
    if (!people.graph) return out(undefined, `no identity graph in this run to find ${subject}'s manager`);
    const manager = people.graph.persons.find((p) => p.email.toLowerCase() === subject.toLowerCase())?.manager;
    return out(manager, `${subject} has no manager in Workspace relations`);
  }
  const systems = [...new Set(findings.map(systemOf).filter((s): s is string => s !== undefined))];
  const reviewers = (people.accessReview?.reviewers ?? {}) as Record<string, string | undefined>;
  const owner = systems.map((s) => reviewers[s]).find((r) => r !== undefined) ?? people.accessReview?.defaultReviewer;
  return out(
    owner,
    people.accessReview
      ? `people.accessReview names no reviewer for ${systems.join(', ') || 'this system'} and no defaultReviewer`
      : 'no people.accessReview to name a system owner',
  );
}

/** What became of a ticket's assignee: recorded with the ticket link. */
export interface AssigneeOutcome {
  /** The user the ticket was assigned to, if any. */
  id?: string;
  person?: string;
  via?: AssigneeSource;
  /** Set when the person was not used: why (unknown to the ticket system, lookup failed, none chosen). */
  fellBack?: string;
}

/** A ticket system's user lookup by email; undefined when it knows no such user. */
export type FindUser = (email: string) => Promise<string | undefined>;

/** A GitHub login from the graph's links (SAML identity, verified email, mapping): GitHub has no lookup by email. */
export const githubLoginOf =
  (graph: PeopleGraph | undefined): FindUser =>
  (email) =>
    Promise.resolve(
      graph?.accounts.find(
        (a) => a.system === 'github' && !a.service && a.person?.toLowerCase() === email.toLowerCase(),
      )?.id,
    );

/**
 * Resolves wanted assignees to users of the ticket system, each email asked once per run (a run opening ten
 * offboarding tickets for one manager asks once). An unknown person or a failed lookup falls back, recorded.
 */
export class AssigneeDirectory {
  private readonly cache = new Map<string, Promise<{ id?: string; error?: string }>>();

  constructor(private readonly findUser: FindUser | undefined) {}

  private lookup(email: string): Promise<{ id?: string; error?: string }> {
    const key = email.toLowerCase();
    let hit = this.cache.get(key);
    if (!hit) {
      const find = this.findUser;
      hit = find
        ? find(email).then(
            (id) => (id ? { id } : {}),
            (e: unknown) => ({ error: e instanceof Error ? e.message : String(e) }),
          )
        : Promise.resolve({ error: 'the ticket system has no lookup by email' });
      this.cache.set(key, hit);
    }
    return hit;
  }

  async resolve(w: AssigneeWanted): Promise<AssigneeOutcome> {
    const fallback = (why: string): AssigneeOutcome => ({
      ...(w.fallback ? { id: w.fallback } : {}),
      ...(w.person ? { person: w.person.email, via: w.person.via } : {}),
      fellBack: `${why}; ${w.fallback ? `assigned to ${w.fallback}` : 'left unassigned'}`,
    });
    if (!w.person) return w.note ? fallback(w.note) : w.fallback ? { id: w.fallback } : {};
    const found = await this.lookup(w.person.email);
    if (found.id) return { id: found.id, person: w.person.email, via: w.person.via };
    return fallback(
      found.error
        ? `looking up ${w.person.email} failed: ${found.error}`
        : `${w.person.email} is not a user of the ticket system`,
    );
  }
}
