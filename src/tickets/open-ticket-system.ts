import type { TicketsConfig } from '../model/config/tickets-config.js';
import type { SecretResolver } from '../model/config/secret-ref.js';
import type { SendOptions } from '../alerts/http-send.js';
import { JsonCaller, type TicketSystem } from './ticket-system.js';
import { LinearTickets } from './linear-tickets.js';
import { JiraTickets } from './jira-tickets.js';
import { GithubTickets } from './github-tickets.js';

/** The configured ticket system with its credential resolved (and handed to `onSecret`, for masking). */
export function openTicketSystem(
  cfg: TicketsConfig,
  resolveSecret: SecretResolver,
  options: SendOptions,
  onSecret: (value: string) => void = () => undefined,
): TicketSystem {
  const secret = (ref: Parameters<SecretResolver>[0], key: string) => {
    const value = resolveSecret(ref, key);
    onSecret(value);
    return value;
  };
  switch (cfg.system) {
    case 'linear':
      return new LinearTickets(
        cfg.linear!,
        secret(cfg.linear!.apiKey, 'tickets.linear.apiKey'),
        new JsonCaller(options),
      );
    case 'jira':
      return new JiraTickets(cfg.jira!, secret(cfg.jira!.apiToken, 'tickets.jira.apiToken'), new JsonCaller(options));
    case 'github':
      return new GithubTickets(cfg.github!, secret(cfg.github!.token, 'tickets.github.token'), options);
  }
}
