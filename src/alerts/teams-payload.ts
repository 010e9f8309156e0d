import type { AlertMessage } from './alert-message.js';
import { kindWord } from './alert-message.js';

/**
 * A Teams Workflows webhook ("When a Teams webhook request is received" → post card) takes a message whose
 * attachment is an Adaptive Card; Teams renders schema version 1.5 at most.
 * https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using
 */
export const ADAPTIVE_CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
export const ADAPTIVE_CARD_VERSION = '1.5';

const COLOR = { new: 'attention', regressed: 'attention', resolved: 'good', 'exception-expired': 'warning' } as const;

export function teamsPayload(m: AlertMessage): Record<string, unknown> {
  const body: Array<Record<string, unknown>> = [
    { type: 'TextBlock', text: m.headline, weight: 'Bolder', size: 'Medium', wrap: true },
    ...m.items.map((i) => ({
      type: 'Container',
      separator: true,
      ...(i.url ? { selectAction: { type: 'Action.OpenUrl', title: 'Open in the report', url: i.url } } : {}),
      items: [
        {
          type: 'TextBlock',
          text: `${i.severity.toUpperCase()} ${kindWord(i.kind)}${i.executive ? ' · executive' : ''} · ${i.checkId}`,
          weight: 'Bolder',
          color: COLOR[i.kind],
          wrap: true,
        },
        { type: 'TextBlock', text: i.message, wrap: true },
        {
          type: 'FactSet',
          facts: [
            { title: 'Resource', value: i.resource },
            ...(i.controls.length ? [{ title: 'Controls', value: i.controls.join(', ') }] : []),
          ],
        },
      ],
    })),
    ...(m.more > 0 ? [{ type: 'TextBlock', text: `and ${m.more} more`, isSubtle: true, wrap: true }] : []),
  ];
  const card = {
    $schema: ADAPTIVE_CARD_SCHEMA,
    type: 'AdaptiveCard',
    version: ADAPTIVE_CARD_VERSION,
    body,
    ...(m.reportUrl ? { actions: [{ type: 'Action.OpenUrl', title: 'Open the report', url: m.reportUrl }] } : {}),
  };
  return {
    type: 'message',
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }],
  };
}
