import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { verifyEvidence } from '../../src/evidence/verify.js';
import { CLAIMS_PREFIX, RUNS_PREFIX } from '../../src/evidence/store-layout.js';
import { tempStore, type TempStore } from '../evidence/evidence-fixtures.js';
import { fakeRun, ORGS, READ_MS } from './fake-run.js';
import type { PausePoint } from './run-child.js';

const CHILD = fileURLToPath(new URL('./run-child.ts', import.meta.url));

interface Kill {
  signal: 'SIGKILL' | 'SIGTERM';
  /** Sent when the child pauses at `pause`, or this many ms after its run writes its first key. */
  pause?: PausePoint;
  afterMs?: number;
}

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  paused: string | undefined;
}

function killedRun(dir: string, kill: Kill): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [dir, JSON.stringify(kill.pause ?? null), kill.signal === 'SIGTERM' ? 'sigterm' : ''], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let paused: string | undefined;
    child.on('message', (m: { writing?: string; paused?: string }) => {
      if (m.writing !== undefined && kill.afterMs !== undefined)
        setTimeout(() => child.kill(kill.signal), kill.afterMs);
      if (m.paused !== undefined && kill.pause) {
        paused = m.paused;
        child.kill(kill.signal);
        // Ignored if the signal already ended the child.
        if (kill.signal === 'SIGTERM' && child.connected) child.send('resume', () => undefined);
      }
    });
    // A child the test never got to signal must not outlive it.
    const guard = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, paused });
    });
  });
}

/** mulberry32: the same seed draws the same kill delays. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type After = 'committed' | 'not committed' | 'rolled forward';

describe('a run killed at any point (a child process, SIGKILL or SIGTERM)', () => {
  /**
   * One committed run, then a killed one; then what the store promises: earlier runs verify, the killed run is
   * committed whole or not at all (a run killed after its findings is rolled forward whole by the next run, #15), and
   * the next run chains to the last manifest (taking over a stale claim).
   */
  async function killThenNext(kill: Kill): Promise<{ outcome: Outcome; after: After }> {
    const t = await tempStore();
    try {
      return await killThenNextIn(t, kill);
    } finally {
      await t.cleanup();
    }
  }

  async function killThenNextIn(t: TempStore, kill: Kill): Promise<{ outcome: Outcome; after: After }> {
    const first = await fakeRun(t.blobs);
    const outcome = await killedRun(t.dir, kill);
    const report = await verifyEvidence(t.blobs);
    const runs = await t.store.listRuns();
    expect(runs[0]?.runId).toBe(first.runId);
    const dirs = new Set((await t.blobs.list(RUNS_PREFIX)).map((k) => k.split('/')[1]!));
    const killed = [...dirs].filter((id) => id !== first.runId);
    expect(killed.length).toBeLessThanOrEqual(1);

    expect(report).toMatchObject({ ok: true, problems: [] });
    if (runs.length === 2) {
      expect(report).toMatchObject({ runs: 2, incompleteRuns: [], pendingCommits: [] });
      expect(runs[1]?.runId).toBe(killed[0]);
    } else if (report.pendingCommits.length > 0) {
      // Every artifact and the findings written, the manifest not: the next run writes it from the commit intent.
      expect(report).toMatchObject({
        runs: 1,
        incompleteRuns: [],
        pendingCommits: [{ sequence: 2, runId: killed[0] }],
      });
      const next = await fakeRun(t.blobs);
      expect(next.manifest).toMatchObject({ sequence: 3, previous: { sequence: 2, runId: killed[0] } });
      const final = await verifyEvidence(t.blobs);
      expect(final).toMatchObject({ ok: true, runs: 3, problems: [], incompleteRuns: [], pendingCommits: [] });
      expect(final.rolledForward.map((r) => [r.sequence, r.runId])).toEqual([[2, killed[0]]]);
      return { outcome, after: 'rolled forward' };
    } else {
      expect(report.runs).toBe(1);
      expect(report.incompleteRuns.map((r) => r.runId)).toEqual(killed);
    }

    const head = await t.store.head();
    const claimedByKilled = (await t.blobs.list(CLAIMS_PREFIX)).length > runs.length;
    const next = await fakeRun(t.blobs);
    expect(next.manifest.previous).toEqual({
      sequence: head!.manifest.sequence,
      runId: head!.manifest.runId,
      manifestSha256: head!.sha256,
    });
    // A claim the killed run left is taken over once stale: the manifest then records no claim of its own.
    expect(next.manifest.claimedAt === undefined).toBe(claimedByKilled);
    const final = await verifyEvidence(t.blobs);
    expect(final).toMatchObject({ ok: true, runs: runs.length + 1, problems: [] });
    expect(final.incompleteRuns.map((r) => r.runId)).toEqual(runs.length === 2 ? [] : killed);
    return { outcome, after: runs.length === 2 ? 'committed' : 'not committed' };
  }

  const at = (prefix: string, suffix: string, when: PausePoint['when'], nth = 1): PausePoint => ({
    prefix,
    suffix,
    nth,
    when,
  });

  it.each([
    ['between two snapshot writes', at(RUNS_PREFIX, '.json.gz', 'after', 2), 'not committed'],
    ['after claiming its sequence', at(CLAIMS_PREFIX, '', 'after'), 'not committed'],
    ['just after the manifest write', at('chain/', '', 'after'), 'committed'],
  ] as const)('SIGKILL %s', async (_, pause, expected) => {
    const { outcome, after } = await killThenNext({ signal: 'SIGKILL', pause });
    expect(outcome.signal).toBe('SIGKILL');
    expect(outcome.paused).toBeDefined();
    expect(after).toBe(expected);
  });

  it('SIGKILL between the findings and the manifest: verify passes, reporting the commit pending; the next run rolls it forward and chains after it', async () => {
    const { outcome, after } = await killThenNext({ signal: 'SIGKILL', pause: at('chain/', '', 'before') });
    expect(outcome.signal).toBe('SIGKILL');
    expect(after).toBe('rolled forward');
  });

  it('SIGKILL just after the commit intent: not committed, the next run takes the sequence over', async () => {
    const { outcome, after } = await killThenNext({ signal: 'SIGKILL', pause: at('intents/', '', 'after') });
    expect(outcome.signal).toBe('SIGKILL');
    expect(after).toBe('not committed');
  });

  /** From the first snapshot write to past the manifest write (the fake collector reads every READ_MS). */
  const spanMs = ORGS.length * READ_MS + 100;
  const randomKills = (signal: Kill['signal'], seeds: number[]) =>
    Promise.all(seeds.map((seed) => killThenNext({ signal, afterMs: Math.floor(prng(seed)() * spanMs) })));

  it('SIGKILL at random points (seeds 27001, 42001, 9): each run is committed whole or not at all', async () => {
    for (const { outcome } of await randomKills('SIGKILL', [27001, 42001, 9]))
      expect(outcome.signal === 'SIGKILL' || outcome.code === 0).toBe(true);
  });

  it('SIGTERM at random points (seeds 5, 27002): never findings without their manifest', async () => {
    for (const { outcome, after } of await randomKills('SIGTERM', [5, 27002])) {
      expect(after).not.toBe('rolled forward');
      // Past the run's end the handler is gone and the signal ends the process as usual.
      expect(
        outcome.code === 143 || outcome.code === 0 || (after === 'committed' && outcome.signal === 'SIGTERM'),
      ).toBe(true);
    }
  });

  it('SIGTERM while collecting stops at once and commits nothing (exit 143)', async () => {
    const { outcome, after } = await killThenNext({ signal: 'SIGTERM', pause: at(RUNS_PREFIX, '.json.gz', 'after') });
    expect(outcome.code).toBe(143);
    expect(after).toBe('not committed');
  });

  it('SIGTERM just before the manifest write lets the commit finish, then exits 143', async () => {
    const { outcome, after } = await killThenNext({ signal: 'SIGTERM', pause: at('chain/', '', 'before') });
    expect(outcome).toMatchObject({ code: 143, signal: null });
    expect(after).toBe('committed');
  });
});
