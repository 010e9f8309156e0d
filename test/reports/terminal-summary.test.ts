import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { streamOutput } from '../../src/cli/output.js';
import type { Finding } from '../../src/model/finding.js';
import { terminalSummary } from '../../src/reports/terminal-summary.js';

const CRAFTED = 'Evil App\u001b[2K\r  ✔ low      all-controls                       everything passes\n';

// eslint-disable-next-line no-control-regex -- looking for control characters is the point
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

const finding = (message: string, checkId = 'google-third-party-app-access'): Finding => ({
  key: `${checkId}|google-customer:C01|${message}`,
  checkId,
  checkVersion: 1,
  title: 't',
  status: 'fail',
  severity: 'high',
  scope: { kind: 'google-customer', id: 'C01' },
  resource: { type: 'oauth-app', id: 'x', name: message },
  message,
  observed: {},
  controls: [],
});

describe('terminalSummary', () => {
  it('prints a name a third party chose as visible escapes, never as terminal control', () => {
    const text = terminalSummary([finding(`unapproved app ${CRAFTED} holds Gmail scopes`)], {
      new: [],
      resolved: [],
      stillFailing: 0,
    });
    expect(text).not.toMatch(CONTROL);
    const lines = text.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('unapproved app Evil App\\e[2K\\r  ✔ low');
    expect(lines[1]).toMatch(/everything passes\\n holds Gmail scopes$/);
  });
});

describe('CLI output', () => {
  it('keeps its own line breaks and escapes every other control character', () => {
    const chunks: string[] = [];
    const out = streamOutput(
      new Writable({
        write(chunk: Buffer, _enc, done) {
          chunks.push(chunk.toString());
          done();
        },
      }),
    );
    out.print(`line one\nrun ${CRAFTED.trimEnd()}`);
    expect(chunks.join('')).toBe(
      'line one\nrun Evil App\\e[2K\\r  ✔ low      all-controls                       everything passes\n',
    );
  });
});
