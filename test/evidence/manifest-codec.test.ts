import { describe, expect, it } from 'vitest';
import { decodeManifest, encodeManifest, sha256Hex } from '../../src/evidence/manifest-codec.js';
import type { Manifest } from '../../src/model/run.js';
import { commitFields } from './evidence-fixtures.js';

const body = (): Omit<Manifest, 'digest'> => ({
  schemaVersion: 1,
  runId: 'run-a',
  sequence: 1,
  startedAt: '2026-11-23T11:31:05.000Z',
  previous: null,
  artifacts: [{ path: 'findings.jsonl', sha256: 'b'.repeat(64), size: 3, mediaType: 'application/x-ndjson' }],
  ...commitFields(),
});

describe('manifest codec', () => {
  it('puts the digest last, computed over the JSON without it', () => {
    const text = Buffer.from(encodeManifest(body())).toString('utf8');
    const parsed = JSON.parse(text) as Manifest;
    expect(Object.keys(parsed).at(-1)).toBe('digest');
    const { digest, ...rest } = parsed;
    expect(digest).toBe(sha256Hex(JSON.stringify(rest, null, 2)));
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('is canonical: key order of the input does not change the bytes', () => {
    const reordered = Object.fromEntries(Object.entries(body()).reverse()) as Omit<Manifest, 'digest'>;
    expect(Buffer.from(encodeManifest(reordered))).toEqual(Buffer.from(encodeManifest(body())));
  });

  it('round-trips', () => {
    const bytes = encodeManifest(body());
    expect(decodeManifest(bytes, 'chain/00000001.json')).toEqual({
      ...body(),
      digest: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('rejects a whitespace change, naming the file', () => {
    const text = Buffer.from(encodeManifest(body())).toString('utf8').replace('\n  "runId"', '\n   "runId"');
    expect(() => decodeManifest(Buffer.from(text), 'chain/00000001.json')).toThrow(
      /^chain\/00000001\.json: manifest bytes differ/,
    );
  });

  it('rejects a changed value by its digest', () => {
    const text = Buffer.from(encodeManifest(body())).toString('utf8').replace('"run-a"', '"run-b"');
    expect(() => decodeManifest(Buffer.from(text), 'chain/00000001.json')).toThrow(/digest does not match/);
  });

  it('names the schema issue path', () => {
    const text = Buffer.from(encodeManifest(body())).toString('utf8').replace('"size": 3', '"size": -3');
    expect(() => decodeManifest(Buffer.from(text), 'chain/00000001.json')).toThrow(
      /chain\/00000001\.json: not a valid manifest at artifacts\[0\]\.size/,
    );
  });
});
