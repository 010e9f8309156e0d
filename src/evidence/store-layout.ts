import { EvidenceError } from '../errors.js';

/**
 * Where the evidence store keeps things: run artifacts under `runs/`, the manifest chain under `chain/`, and under
 * `claims/` which run claimed each chain sequence (before writing its findings).
 */
export const RUNS_PREFIX = 'runs/';
export const CHAIN_PREFIX = 'chain/';
export const CLAIMS_PREFIX = 'claims/';
/**
 * The manifest a run is about to commit, written before its commit artifacts (`intents/<sequence>.<runId>.json`,
 * byte for byte the manifest): if the run dies before `chain/`, the next one can finish the commit.
 */
export const INTENTS_PREFIX = 'intents/';
/** Notes of commits a later run finished for a run that died (`recoveries/<sequence>.json`). */
export const RECOVERIES_PREFIX = 'recoveries/';

/** A run writes its findings only once it holds its chain sequence; history reads them from the previous run. */
export const FINDINGS_PATH = 'findings.jsonl';

const CHAIN_KEY = /^chain\/(\d{8})\.json$/;
const CLAIM_KEY = /^claims\/(\d{8})\.json$/;
const INTENT_KEY = /^intents\/(\d{8})\.(.+)\.json$/;
const RECOVERY_KEY = /^recoveries\/(\d{8})\.json$/;

const padded = (sequence: number): string => String(sequence).padStart(8, '0');

export const chainKey = (sequence: number): string => `${CHAIN_PREFIX}${padded(sequence)}.json`;
export const claimKey = (sequence: number): string => `${CLAIMS_PREFIX}${padded(sequence)}.json`;
export const intentKey = (sequence: number, runId: string): string =>
  `${INTENTS_PREFIX}${padded(sequence)}.${runId}.json`;
export const recoveryKey = (sequence: number): string => `${RECOVERIES_PREFIX}${padded(sequence)}.json`;

/** The sequence and run an intent key stands for, or `undefined` for a key that is not one. */
export const parseIntentKey = (key: string): { sequence: number; runId: string } | undefined => {
  const m = INTENT_KEY.exec(key);
  return m && isRunId(m[2]!) ? { sequence: Number(m[1]), runId: m[2]! } : undefined;
};

export const sequenceOfRecoveryKey = (key: string): number | undefined => {
  const m = RECOVERY_KEY.exec(key);
  return m ? Number(m[1]) : undefined;
};

/** The sequence a chain key stands for, or `undefined` for a key that is not a manifest. */
export const sequenceOfChainKey = (key: string): number | undefined => {
  const m = CHAIN_KEY.exec(key);
  return m ? Number(m[1]) : undefined;
};

/** The sequence a claim key stands for, or `undefined` for a key that is not a claim. */
export const sequenceOfClaimKey = (key: string): number | undefined => {
  const m = CLAIM_KEY.exec(key);
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
