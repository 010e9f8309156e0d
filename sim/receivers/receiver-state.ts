/** One request a receiver took: what it was sent, and what it found wrong (empty: the vendor would accept it). */
export interface Received {
  receiver: string;
  path: string;
  /** Parsed JSON, or the raw text. */
  body: unknown;
  raw: string;
  problems: string[];
}

export interface SimTicket {
  id: string;
  key: string;
  title: string;
  description: string;
  labels: string[];
  state: 'open' | 'closed';
  comments: string[];
  assignee?: string;
}

/** A person with an account in the ticket systems, by each system's own id. */
export interface SimUser {
  email: string;
  name: string;
  linearId: string;
  jiraAccountId: string;
  active: boolean;
  /** Jira shows no email for a user whose profile visibility hides it. */
  jiraHidesEmail?: boolean;
}

/** Everything the receivers took, for tests and the demo; tickets per system. */
export class ReceiverState {
  readonly received: Received[] = [];
  readonly tickets: Record<'linear' | 'jira' | 'github', SimTicket[]> = { linear: [], jira: [], github: [] };
  /** The ticket systems' users (assignee lookups by email); tests and the demo add people. */
  readonly users: SimUser[] = [];
  /** Each user lookup as sent: `<system> <email>`. */
  readonly userLookups: string[] = [];

  of(receiver: string): Received[] {
    return this.received.filter((r) => r.receiver === receiver);
  }

  /** Every text any receiver was sent, for scanning. */
  allText(): string {
    return this.received.map((r) => r.raw).join('\n');
  }
}
