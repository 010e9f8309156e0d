/**
 * What the chat vendors refuse, checked the way they check it, so a payload the simulator accepts is one the vendor
 * accepts too (for the rules listed; each function returns the problems found, empty when valid).
 */

type Json = Record<string, unknown>;
const obj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const textOf = (v: unknown): string | undefined => (obj(v) && typeof v.text === 'string' ? v.text : undefined);

/**
 * Block Kit: at most 50 blocks; a section's text 1–3,000 characters and at most 10 fields of 2,000; a header's
 * plain_text at most 150; a context at most 10 elements. https://docs.slack.dev/reference/block-kit/blocks
 */
export function blockKitProblems(body: unknown): string[] {
  if (!obj(body)) return ['body is not a JSON object'];
  const p: string[] = [];
  if (typeof body.text !== 'string' && !Array.isArray(body.blocks)) p.push('neither text nor blocks');
  if (body.blocks === undefined) return p;
  if (!Array.isArray(body.blocks)) return [...p, 'blocks is not an array'];
  if (body.blocks.length > 50) p.push(`${body.blocks.length} blocks (at most 50)`);
  body.blocks.forEach((b: unknown, i) => {
    if (!obj(b)) return p.push(`blocks[${i}] is not an object`);
    const text = b.text;
    switch (b.type) {
      case 'header':
        if (!obj(text) || text.type !== 'plain_text') p.push(`blocks[${i}]: a header takes plain_text`);
        else if ((textOf(text) ?? '').length > 150) p.push(`blocks[${i}]: header text over 150 characters`);
        break;
      case 'section': {
        const t = textOf(text);
        const fields = Array.isArray(b.fields) ? b.fields : [];
        if (t === undefined && fields.length === 0) p.push(`blocks[${i}]: a section needs text or fields`);
        if (t !== undefined && (t.length === 0 || t.length > 3000))
          p.push(`blocks[${i}]: section text of ${t.length} characters (1 to 3000)`);
        if (fields.length > 10) p.push(`blocks[${i}]: ${fields.length} fields (at most 10)`);
        fields.forEach((f, j) => {
          if ((textOf(f) ?? '').length > 2000) p.push(`blocks[${i}].fields[${j}] over 2000 characters`);
        });
        break;
      }
      case 'context':
        if (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > 10)
          p.push(`blocks[${i}]: a context takes 1 to 10 elements`);
        break;
      case 'divider':
      case 'actions':
        break;
      default:
        p.push(`blocks[${i}]: unknown block type ${String(b.type)}`);
    }
  });
  return p;
}

const CARD_ELEMENTS = new Set([
  'TextBlock',
  'Container',
  'FactSet',
  'ColumnSet',
  'Column',
  'Image',
  'ActionSet',
  'RichTextBlock',
]);

function cardElementProblems(e: unknown, where: string): string[] {
  if (!obj(e) || typeof e.type !== 'string') return [`${where}: not an element with a type`];
  if (!CARD_ELEMENTS.has(e.type)) return [`${where}: unknown element ${e.type}`];
  if (e.type === 'TextBlock' && typeof e.text !== 'string') return [`${where}: a TextBlock needs text`];
  if (e.type === 'FactSet')
    return !Array.isArray(e.facts) ||
      !e.facts.every((f) => obj(f) && typeof f.title === 'string' && typeof f.value === 'string')
      ? [`${where}: facts need a title and a value`]
      : [];
  if (e.type === 'Container')
    return Array.isArray(e.items)
      ? e.items.flatMap((x, i) => cardElementProblems(x, `${where}.items[${i}]`))
      : [`${where}: no items`];
  return [];
}

/**
 * A Teams Workflows webhook message: `type: message`, attachments of contentType
 * `application/vnd.microsoft.card.adaptive` whose content is an AdaptiveCard of version 1.0–1.5 (what Teams renders)
 * naming the adaptive-card.json schema. https://adaptivecards.io/explorer/AdaptiveCard.html
 */
export function adaptiveCardProblems(body: unknown): string[] {
  if (!obj(body)) return ['body is not a JSON object'];
  const p: string[] = [];
  if (body.type !== 'message') p.push(`type is ${String(body.type)}, expected message`);
  if (!Array.isArray(body.attachments) || body.attachments.length === 0) return [...p, 'no attachments'];
  body.attachments.forEach((a: unknown, i) => {
    if (!obj(a) || a.contentType !== 'application/vnd.microsoft.card.adaptive')
      return p.push(`attachments[${i}]: contentType is not application/vnd.microsoft.card.adaptive`);
    const c = a.content;
    if (!obj(c) || c.type !== 'AdaptiveCard') return p.push(`attachments[${i}].content is not an AdaptiveCard`);
    if (c.$schema !== 'http://adaptivecards.io/schemas/adaptive-card.json')
      p.push(`attachments[${i}]: $schema is not adaptive-card.json`);
    if (typeof c.version !== 'string' || !/^1\.[0-5]$/.test(c.version))
      p.push(`attachments[${i}]: version ${String(c.version)} (Teams renders 1.0–1.5)`);
    if (!Array.isArray(c.body)) p.push(`attachments[${i}]: no body`);
    else c.body.forEach((e, j) => p.push(...cardElementProblems(e, `attachments[${i}].content.body[${j}]`)));
    if (c.actions !== undefined)
      (Array.isArray(c.actions) ? c.actions : []).forEach((x: unknown, j) => {
        if (!obj(x) || x.type !== 'Action.OpenUrl' || typeof x.url !== 'string')
          p.push(`attachments[${i}].actions[${j}]: expected Action.OpenUrl with a url`);
      });
  });
  return p;
}

const WIDGETS = new Set([
  'textParagraph',
  'decoratedText',
  'buttonList',
  'divider',
  'image',
  'columns',
  'grid',
  'chipList',
]);

/**
 * A Google Chat message with cardsV2: each card has a cardId and sections of widgets, each widget exactly one kind;
 * decoratedText needs text; the message text at most 4,096 characters.
 * https://developers.google.com/workspace/chat/api/reference/rest/v1/cards
 */
export function cardsV2Problems(body: unknown): string[] {
  if (!obj(body)) return ['body is not a JSON object'];
  const p: string[] = [];
  if (typeof body.text === 'string' && body.text.length > 4096) p.push('text over 4096 characters');
  if (body.cardsV2 === undefined) return typeof body.text === 'string' ? p : [...p, 'neither text nor cardsV2'];
  if (!Array.isArray(body.cardsV2)) return [...p, 'cardsV2 is not an array'];
  body.cardsV2.forEach((c: unknown, i) => {
    if (!obj(c) || typeof c.cardId !== 'string' || !obj(c.card))
      return p.push(`cardsV2[${i}]: expected { cardId, card }`);
    const sections = c.card.sections;
    if (!Array.isArray(sections) || sections.length === 0) return p.push(`cardsV2[${i}]: no sections`);
    sections.forEach((s: unknown, j) => {
      if (!obj(s) || !Array.isArray(s.widgets)) return p.push(`cardsV2[${i}].sections[${j}]: no widgets`);
      s.widgets.forEach((w: unknown, k) => {
        const kinds = obj(w) ? Object.keys(w).filter((x) => WIDGETS.has(x)) : [];
        if (kinds.length !== 1) p.push(`cardsV2[${i}].sections[${j}].widgets[${k}]: expected exactly one widget kind`);
        else if (kinds[0] === 'decoratedText' && typeof textOf((w as Json).decoratedText) !== 'string')
          p.push(`cardsV2[${i}].sections[${j}].widgets[${k}]: decoratedText needs text`);
      });
    });
  });
  return p;
}
