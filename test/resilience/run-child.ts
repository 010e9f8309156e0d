import type { BlobStore } from '../../src/evidence/blob-store.js';
import { FsBlobStore } from '../../src/evidence/fs-blob-store.js';
import { SIGTERM_EXIT_CODE, stopOnSigterm } from '../../src/cli/stop-on-sigterm.js';
import { fakeRun } from './fake-run.js';

/** Where the child tells the parent it stands, then waits for the parent's signal (and, after SIGTERM, its 'resume'). */
export interface PausePoint {
  /** The key's prefix and suffix, e.g. `chain/` or `/findings.jsonl`; `nth` counts matching writes from 1. */
  prefix: string;
  suffix: string;
  nth: number;
  when: 'before' | 'after';
}

const [dir, point, graceful] = process.argv.slice(2) as [string, string, string];
const pause = JSON.parse(point) as PausePoint | null;
const send = (message: object): void => void process.send?.(message);

/** Tells the parent when the run writes its first key (random kills are timed from there) and pauses at `at`. */
function watched(inner: BlobStore, at: PausePoint | null): BlobStore {
  let seen = 0;
  let writes = 0;
  const hold = async (key: string, when: PausePoint['when']) => {
    const resumed = new Promise((resolve) => process.once('message', resolve));
    send({ paused: `${when} ${key}` });
    await resumed;
    // The parent signals before it says resume: let the signal's handler run first, whatever order they arrive in.
    await new Promise((resolve) => setTimeout(resolve, 20));
  };
  return {
    location: inner.location,
    get: (key) => inner.get(key),
    list: (prefix) => inner.list(prefix),
    checkWritable: () => inner.checkWritable(),
    leftovers: () => inner.leftovers(),
    putIfAbsent: async (key, body) => {
      if (++writes === 1) send({ writing: key });
      const here =
        at !== null && key.startsWith(at.prefix) && key.endsWith(at.suffix) && ++seen === at.nth ? at.when : undefined;
      if (here === 'before') await hold(key, here);
      await inner.putIfAbsent(key, body);
      if (here === 'after') await hold(key, here);
    },
  };
}

const blobs = watched(new FsBlobStore(dir), pause);
const stop = graceful === 'sigterm' ? stopOnSigterm(blobs) : undefined;
send({ started: true });
const result = await fakeRun(stop?.blobs ?? blobs).finally(() => stop?.dispose());
send({ committed: result.manifest.sequence });
process.disconnect();
process.exitCode = stop?.stopping() ? SIGTERM_EXIT_CODE : 0;
