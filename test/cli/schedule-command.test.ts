import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { Writable } from 'node:stream';
import { parseCron, runSchedule } from '../../src/cli/schedule-command.js';
import { UsageError } from '../../src/errors.js';
import { SIGTERM_EXIT_CODE } from '../../src/cli/stop-on-sigterm.js';

function capturingLog() {
  const lines: Array<{ msg: string; err?: string }> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(JSON.parse(chunk.toString('utf8')) as { msg: string });
      cb();
    },
  });
  return { log: pino({ level: 'info' }, sink), lines };
}

const until = async (cond: () => boolean, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('assay schedule', () => {
  it('refuses a cron expression that does not parse, naming the flag', () => {
    expect(() => parseCron('every hour')).toThrow(UsageError);
    expect(() => parseCron('61 * * * *')).toThrow(/^--cron: '61 \* \* \* \*' is not a cron expression/);
    expect(parseCron('0 * * * *').nextRun()!.getUTCMinutes()).toBe(0);
  });

  it('never overlaps runs: a tick during a run is skipped and logged, not queued', async () => {
    const { log, lines } = capturingLog();
    const stop = new AbortController();
    let started = 0;
    let release!: () => void;
    const done = runSchedule('* * * * * *', {
      log,
      stop: stop.signal,
      runOnce: async () => {
        started++;
        if (started === 1) await new Promise<void>((r) => (release = r));
        return 0;
      },
    });
    await until(() => started === 1);
    await until(() => lines.some((l) => l.msg.includes('this tick is skipped')));
    expect(started).toBe(1);
    release();
    await until(() => started === 2);
    stop.abort();
    expect(await done).toBe(0);
    const after = started;
    await new Promise((r) => setTimeout(r, 1_200));
    expect(started).toBe(after);
  }, 20_000);

  it('keeps the schedule after a failed run, logging why', async () => {
    const { log, lines } = capturingLog();
    const stop = new AbortController();
    let calls = 0;
    const done = runSchedule('* * * * * *', {
      log,
      stop: stop.signal,
      runOnce: () => {
        calls++;
        return calls === 1 ? Promise.reject(new Error('store unusable')) : Promise.resolve(0);
      },
    });
    await until(() => calls === 2);
    stop.abort();
    expect(await done).toBe(0);
    expect(lines.find((l) => l.msg === 'scheduled run failed')?.err).toBe('store unusable');
  }, 20_000);

  it('on SIGTERM during a run, waits for it and exits as the run did (143 after committing)', async () => {
    const { log } = capturingLog();
    const stop = new AbortController();
    let release!: (code: number) => void;
    let started = 0;
    const done = runSchedule('* * * * * *', {
      log,
      stop: stop.signal,
      runOnce: () => {
        started++;
        return new Promise<number>((r) => (release = r));
      },
    });
    await until(() => started === 1);
    stop.abort();
    let settled = false;
    void done.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 1_200));
    expect(settled).toBe(false);
    release(SIGTERM_EXIT_CODE);
    expect(await done).toBe(SIGTERM_EXIT_CODE);
    expect(started).toBe(1);
  }, 20_000);
});
