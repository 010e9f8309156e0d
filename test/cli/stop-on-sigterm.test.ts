import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SIGTERM_EXIT_CODE, stopOnSigterm } from '../../src/cli/stop-on-sigterm.js';
import { chainKey, claimKey } from '../../src/evidence/store-layout.js';
import { tempStore, type TempStore } from '../evidence/evidence-fixtures.js';

const body = Buffer.from('x');

describe('stopOnSigterm', () => {
  let t: TempStore;
  beforeEach(async () => {
    t = await tempStore();
  });
  afterEach(() => t.cleanup());

  const guard = () => {
    const exits: number[] = [];
    const stop = stopOnSigterm(t.blobs, (code) => exits.push(code));
    return { stop, exits };
  };

  it('exits 143 at once while the run has not written its findings (a claim alone is not evidence)', async () => {
    const { stop, exits } = guard();
    await stop.blobs.putIfAbsent('runs/r1/snapshots/a.json.gz', body);
    await stop.blobs.putIfAbsent(claimKey(1), body);
    process.emit('SIGTERM');
    stop.dispose();
    expect(exits).toEqual([SIGTERM_EXIT_CODE]);
  });

  it('between findings and manifest only marks the run as stopping; after the manifest it exits again at once', async () => {
    const { stop, exits } = guard();
    await stop.blobs.putIfAbsent('runs/r1/findings.jsonl', body);
    process.emit('SIGTERM');
    expect(exits).toEqual([]);
    expect(stop.stopping()).toBe(true);
    await stop.blobs.putIfAbsent(chainKey(1), body);
    process.emit('SIGTERM');
    stop.dispose();
    expect(exits).toEqual([SIGTERM_EXIT_CODE]);
    expect(await t.blobs.list('chain/')).toEqual([chainKey(1)]);
  });

  it('stops listening once disposed', () => {
    const before = process.listenerCount('SIGTERM');
    const { stop } = guard();
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    stop.dispose();
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });
});
