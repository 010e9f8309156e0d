import { createHash } from 'node:crypto';
import type { TicketSystemId } from '../model/config/tickets-config.js';
import { describeBody, sendWithRetry, type HttpRequest, type SendOptions } from '../alerts/http-send.js';
import { AssayError } from '../errors.js';

export interface TicketRef {
  id: string;
  url?: string;
  state: 'open' | 'closed';
}

export interface TicketDraft {
  /** The finding key (or `offboarding|<person>`): what the ticket is about. */
  key: string;
  /** `assay-<16 hex>`: a label (Jira, GitHub) or description line (Linear) carrying the key, to find the ticket again. */
  marker: string;
  title: string;
  /** Markdown (GitHub, Linear); plain paragraphs for Jira's document format. */
  body: string;
  labels: string[];
  assignee?: string;
}

/** What assay does with a ticket system: find by marker, create, comment, close and reopen with a comment. */
export interface TicketSystem {
  readonly id: TicketSystemId;
  find(marker: string): Promise<TicketRef | undefined>;
  create(d: TicketDraft): Promise<TicketRef>;
  comment(t: TicketRef, text: string): Promise<void>;
  close(t: TicketRef, comment: string): Promise<TicketRef>;
  reopen(t: TicketRef, comment: string): Promise<TicketRef>;
  /** HTTP attempts so far (retries included). */
  attempts(): number;
  /** The user with this email, as the system names users for an assignee; undefined when it has none. */
  findUser?(email: string): Promise<string | undefined>;
}

export const ticketMarker = (key: string): string =>
  `assay-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;

/** A ticket call that failed after its retries; the message names the operation, never a credential. */
export class TicketCallError extends AssayError {
  constructor(
    message: string,
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** JSON over HTTP with the alerts' retry rules, counting attempts; throws TicketCallError naming `operation`. */
export class JsonCaller {
  private count = 0;
  constructor(private readonly options: SendOptions) {}

  attempts(): number {
    return this.count;
  }

  async call<T>(operation: string, req: HttpRequest): Promise<T> {
    const r = await sendWithRetry(
      { ...req, headers: { accept: 'application/json', 'content-type': 'application/json', ...req.headers } },
      this.options,
    );
    this.count += r.attempts;
    if (!r.ok) throw new TicketCallError(`${operation}: ${r.error ?? 'failed'}`, r.status);
    if (!r.body) return undefined as T;
    try {
      return JSON.parse(r.body) as T;
    } catch (cause) {
      throw new TicketCallError(`${operation}: answered something other than JSON: ${describeBody(r.body)}`, r.status, {
        cause,
      });
    }
  }
}
