import type { KnownBlock } from '@slack/types';
import type { AlertMessage, AlertItem } from './alert-message.js';
import { clip, kindWord } from './alert-message.js';

/** Block Kit limits: https://docs.slack.dev/reference/block-kit/blocks (50 blocks a message, 3,000 characters a text). */
export const SLACK_LIMITS = { blocks: 50, text: 3000, header: 150 } as const;

export interface SlackPayload {
  text: string;
  blocks: KnownBlock[];
  /** chat.postMessage only. */
  channel?: string;
  thread_ts?: string;
}

/** Slack's mrkdwn treats &, < and > as control characters. */
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const EMOJI: Record<AlertItem['kind'], string> = {
  new: ':red_circle:',
  regressed: ':rotating_light:',
  resolved: ':white_check_mark:',
  'exception-expired': ':hourglass:',
};

function itemBlock(i: AlertItem): KnownBlock {
  const text = [
    `${EMOJI[i.kind]} *${esc(i.severity.toUpperCase())}* ${kindWord(i.kind)}${i.executive ? ' · *executive*' : ''} · \`${esc(i.checkId)}\``,
    esc(i.message),
    `_${esc(i.resource)}_${i.controls.length ? ` · ${esc(i.controls.join(', '))}` : ''}${i.url ? ` · <${i.url}|details>` : ''}`,
  ].join('\n');
  return { type: 'section', text: { type: 'mrkdwn', text: clip(text, SLACK_LIMITS.text) } };
}

/** An incoming-webhook (or chat.postMessage) body: header, one section per finding, "and N more", the report link. */
export function slackPayload(m: AlertMessage): SlackPayload {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(m.headline, SLACK_LIMITS.header) } },
    ...m.items.map(itemBlock),
  ];
  const tail = [
    ...(m.more > 0 ? [`and ${m.more} more`] : []),
    ...(m.reportUrl ? [`<${m.reportUrl}|Report of run ${esc(m.runId)}>`] : []),
  ];
  if (tail.length)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(tail.join(' · '), SLACK_LIMITS.text) }] });
  return { text: clip(m.headline, SLACK_LIMITS.text), blocks: blocks.slice(0, SLACK_LIMITS.blocks) };
}
