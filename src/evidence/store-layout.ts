import { EvidenceError } from '../errors.js';

/** Where the evidence store keeps things: run artifacts under `runs/`, the manifest chain under `chain/`. */
export const RUNS_PREFIX = 'runs/';
export const CHAIN_PREFIX = 'chain/';

const CHAIN_KEY = /^chain\/(\d{8})\.json$/;

export const chainKey = (sequence: number): string => `${CHAIN_PREFIX}${String(sequence).padStart(8, '0')}.json`;

/** The sequence a chain key stands for, or `undefined` for a key that is not a manifest. */
export const sequenceOfChainKey = (key: string): number | undefined => {
  const m = CHAIN_KEY.exec(key);
  return m ? Number(m[1]) : undefined;
};

/** A run id becomes one directory name, so it may not contain a separator or be a dot name. */
export const isRunId = (runId: string): boolean =>
  runId !== '' && runId !== '.' && runId !== '..' && !/[/\\\0]/.test(runId);

export function checkRunId(runId: string): void {
  if (!isRunId(runId)) {
    throw new EvidenceError(`invalid run id '${runId}'`, { code: 'invalid' });
  }
}

export const runDir = (runId: string): string => `${RUNS_PREFIX}${runId}/`;

export const artifactKey = (runId: string, path: string): string => `${runDir(runId)}${path}`;
