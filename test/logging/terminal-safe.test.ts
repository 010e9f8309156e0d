import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/create-logger.js';
import { terminalSafe, terminalSafeDeep, terminalSafeLines } from '../../src/logging/terminal-safe.js';

/** A crafted OAuth app name: erase the line, return the cursor, print a fake verdict, set the window title. */
const CRAFTED = 'Evil App\u001b[2K\r✔ all controls pass\n\u001b]0;owned\u0007\u009b31m\u202egnp.exe';

// eslint-disable-next-line no-control-regex -- looking for control characters is the point
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/;
// eslint-disable-next-line no-control-regex -- pino-pretty's own colours are allowed, nothing else
const SGR = /\u001b\[[0-9;]*m/g;

const capture = () => {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
};

describe('terminalSafe', () => {
  it('turns every control character into a visible escape', () => {
    expect(terminalSafe(CRAFTED)).toBe('Evil App\\e[2K\\r✔ all controls pass\\n\\e]0;owned\\x07\\x9b31m\\u202egnp.exe');
    expect(terminalSafe('plain ünïcode 名前 🙂')).toBe('plain ünïcode 名前 🙂');
    expect(terminalSafeLines('line 1\nline\r2')).toBe('line 1\nline\\r2');
    expect(terminalSafeLines('a,b\r\n"c\td",\u001b[2K\r\n')).toBe('a,b\r\n"c\td",\\e[2K\r\n');
    expect(terminalSafeDeep({ 'k\u001b': ['a\nb', 1, null, { c: '\r' }] })).toEqual({
      'k\\e': ['a\\nb', 1, null, { c: '\\r' }],
    });
  });

  it('keeps crafted names out of readable log lines: message, fields and errors', () => {
    const out = capture();
    const log = createLogger({ level: 'info', pretty: true, destination: out.stream });
    log.warn({ app: CRAFTED, err: new Error(`grant by ${CRAFTED}`) }, `unapproved app ${CRAFTED}`);
    const text = out.text().replace(SGR, '');
    expect(text).toContain('unapproved app Evil App\\e[2K\\r✔ all controls pass\\n');
    expect(text.trimEnd()).not.toMatch(CONTROL);
    expect(text).not.toContain('\n✔');
  });

  it('keeps JSON log lines one line each, the value intact once parsed', () => {
    const out = capture();
    createLogger({ level: 'info', pretty: false, destination: out.stream }).info({ app: CRAFTED }, 'x');
    const lines = out.text().trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(CONTROL);
    expect((JSON.parse(lines[0]!) as { app: string }).app).toBe(CRAFTED);
  });
});
