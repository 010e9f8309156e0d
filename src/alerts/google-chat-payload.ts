import type { AlertMessage } from './alert-message.js';
import { kindWord } from './alert-message.js';

/**
 * A Google Chat incoming-webhook message with one card (cardsV2). `threadKey` groups a route's messages in one thread
 * (with `messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD` on the URL).
 * https://developers.google.com/workspace/chat/api/reference/rest/v1/cards
 */
export function googleChatPayload(m: AlertMessage): Record<string, unknown> {
  const sections = [
    ...m.items.map((i) => ({
      header: `${i.severity.toUpperCase()} ${kindWord(i.kind)}${i.executive ? ' · executive' : ''}`,
      widgets: [
        {
          decoratedText: {
            topLabel: i.checkId,
            text: i.message,
            wrapText: true,
            ...(i.url ? { onClick: { openLink: { url: i.url } } } : {}),
          },
        },
        {
          textParagraph: { text: `${i.resource}${i.controls.length ? ` · ${i.controls.join(', ')}` : ''}` },
        },
      ],
    })),
    ...(m.more > 0 || m.reportUrl
      ? [
          {
            widgets: [
              ...(m.more > 0 ? [{ textParagraph: { text: `and ${m.more} more` } }] : []),
              ...(m.reportUrl
                ? [
                    {
                      buttonList: {
                        buttons: [{ text: 'Open the report', onClick: { openLink: { url: m.reportUrl } } }],
                      },
                    },
                  ]
                : []),
            ],
          },
        ]
      : []),
  ];
  return {
    text: m.headline,
    cardsV2: [
      {
        cardId: `assay-${m.idempotencyKey}`.replace(/[^A-Za-z0-9_-]/g, '-'),
        card: { header: { title: m.headline }, sections },
      },
    ],
    thread: { threadKey: `assay-${m.route}` },
  };
}
