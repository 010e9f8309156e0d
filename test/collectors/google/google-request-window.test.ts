import { describe, expect, it } from 'vitest';
import { requestWindow } from '../../../collectors/google/google-request-window.js';

describe('requestWindow', () => {
  it('lets perWindow requests start at once, then holds the rest until the window rolls over', async () => {
    let t = 0;
    const w = requestWindow(3, 40, new AbortController().signal, () => t);
    const started: number[] = [];
    for (let i = 0; i < 3; i++) await w.take().then(() => started.push(t));
    expect(started).toEqual([0, 0, 0]);
    const fourth = w.take().then(() => started.push(t));
    await new Promise((r) => setTimeout(r, 10));
    expect(started).toHaveLength(3);
    t = 40;
    await fourth;
    expect(started).toEqual([0, 0, 0, 40]);
  });

  it('stops waiting when the collector is stopped', async () => {
    const stop = new AbortController();
    const w = requestWindow(1, 60_000, stop.signal);
    await w.take();
    const waiting = w.take();
    stop.abort(new Error('the collector ran out of time'));
    await expect(waiting).rejects.toThrow('the collector ran out of time');
  });

  it('refuses a window without room for one request', () => {
    expect(() => requestWindow(0, 1000, new AbortController().signal)).toThrow('perWindow must be ≥ 1, got 0');
  });
});
