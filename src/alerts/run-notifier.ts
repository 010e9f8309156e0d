import type { Logger } from 'pino';
import type { AlertsConfig } from '../model/config/alerts-config.js';
import type { TicketsConfig } from '../model/config/tickets-config.js';
import type { SecretResolver } from '../model/config/secret-ref.js';
import type { Finding } from '../model/finding.js';
import type { PeopleGraph } from '../model/datasets/people.js';
import type { PeopleConfig } from '../model/config/people-config.js';
import type { Delivery } from '../model/run.js';
import type { RecordStore } from '../evidence/record-store.js';
import type { FindingChanges } from '../engine/apply-history.js';
import { SecretMask } from '../engine/secret-mask.js';
import { describeBody, type SendOptions } from './http-send.js';
import { deliverAlerts } from './deliver-alerts.js';
import { findingChanges } from './finding-change.js';
import { openTicketSystem } from '../tickets/open-ticket-system.js';
import { syncTickets } from '../tickets/sync-tickets.js';

/** What a run hands its notifier once its findings are final (inside the commit, before the manifest). */
export interface NotifyInput {
  runId: string;
  mode: 'scheduled' | 'event';
  findings: readonly Finding[];
  /** The previous scheduled run's findings (history's baseline). */
  previous: readonly Finding[];
  changes: Pick<FindingChanges, 'resolved'>;
  /** Finding keys event runs already alerted on since the previous scheduled run. */
  alreadyAlerted?: ReadonlySet<string>;
  /** The run's identity graph: who a ticket is assigned to (a departed person's manager, their GitHub login). */
  people?: PeopleGraph | undefined;
}

export type Notifier = (input: NotifyInput) => Promise<Delivery[]>;

export interface NotifierDeps {
  config: {
    alerts?: AlertsConfig;
    tickets?: TicketsConfig;
    resolveSecret: SecretResolver;
    /** `people.accessReview` names each system's owner (reviewer), an assignee a ticket rule may ask for. */
    people?: Pick<PeopleConfig, 'accessReview'>;
  };
  records: Pick<RecordStore, 'append' | 'list'>;
  log?: Logger;
  http?: Pick<SendOptions, 'fetch' | 'now' | 'sleep'>;
  onSent?: (route: string, body: string) => void;
}

/**
 * Alerts and tickets for a run, or undefined when the config asks for neither.
 *
 * They run inside the run's commit, after history and exceptions and before the manifest is written, so the
 * outcomes land in that run's own manifest (`deliveries`) and the changes alerted are exactly those stored against
 * the run it chains to. The price is that the run holds its sequence claim while delivering: each step is bounded
 * (`totalTimeoutSeconds`, at most 240 s, under the 300 s after which a claim counts as stale) and never throws, so
 * a receiver that is down delays the manifest by that bound at worst and never loses the run. Delivering after the
 * commit would need a record anchored only by the next run, and a crash in between would lose the outcome.
 */
export function runNotifier(deps: NotifierDeps): Notifier | undefined {
  const { alerts, tickets, resolveSecret } = deps.config;
  if (!alerts?.routes.length && !tickets) return undefined;
  return async (input) => {
    const mask = new SecretMask();
    const resolve: SecretResolver = (ref, key) => {
      const v = resolveSecret(ref, key);
      mask.add(v);
      return v;
    };
    const apply = (t: string) => mask.apply(t);
    const out: Delivery[] = [];
    if (alerts?.routes.length) {
      const changes = findingChanges(input.findings, input.previous, input.changes, input.alreadyAlerted);
      out.push(
        ...(await deliverAlerts({
          config: alerts,
          resolveSecret: resolve,
          runId: input.runId,
          mode: input.mode,
          changes,
          records: deps.records,
          mask: apply,
          ...(deps.log ? { log: deps.log } : {}),
          ...(deps.http ? { http: deps.http } : {}),
          ...(deps.onSent ? { onSent: deps.onSent } : {}),
        })),
      );
    }
    if (tickets) {
      const now = deps.http?.now ?? Date.now;
      try {
        const system = openTicketSystem(tickets, resolve, {
          timeoutMs: tickets.requestTimeoutSeconds * 1000,
          retries: tickets.retries,
          deadline: now() + tickets.totalTimeoutSeconds * 1000,
          ...deps.http,
        });
        const base = alerts?.reportBaseUrl?.replace(/\/+$/, '');
        out.push(
          ...(await syncTickets({
            config: tickets,
            system,
            records: deps.records,
            findings: input.findings,
            resolvedKeys: new Set(input.changes.resolved.map((r) => r.key)),
            runId: input.runId,
            mask: apply,
            people: { graph: input.people, accessReview: deps.config.people?.accessReview },
            ...(base ? { reportUrl: `${base}/${encodeURIComponent(input.runId)}/report.html` } : {}),
            ...(deps.log ? { log: deps.log } : {}),
          })),
        );
      } catch (err) {
        // The ticket system could not be set up or its links read: recorded, the run goes on.
        out.push({
          kind: 'ticket',
          route: 'tickets',
          channel: tickets.system,
          status: 'failed',
          attempts: 0,
          error: apply(describeBody(err instanceof Error ? err.message : String(err))),
        });
      }
    }
    return out;
  };
}
