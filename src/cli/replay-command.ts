import { checkRegistry } from '../../checks/index.js';
import { loadConfig, type Env } from '../config/load-config.js';
import { findRun, replayRun, type ReplayDifference } from '../engine/replay.js';
import { prepareChecks } from '../engine/prepare-checks.js';
import { EvidenceError } from '../errors.js';
import { terminalSafe } from '../logging/terminal-safe.js';
import type { AnyCheck } from '../model/check.js';
import { openLocalStore } from './open-store.js';
import type { Output } from './output.js';

const show = (v: unknown): string => terminalSafe(typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v));

function describe(d: ReplayDifference): string {
  const key = terminalSafe(d.key);
  if (d.kind === 'missing') return `✘ ${key}: stored, but the stored snapshots no longer produce it`;
  if (d.kind === 'extra') return `✘ ${key}: produced from the stored snapshots, but not stored`;
  return `✘ ${key}: ${d.fields.map((f) => `${f.field} stored ${show(f.stored)}, replayed ${show(f.replayed)}`).join('; ')}`;
}

/**
 * `assay replay <runId|sequence>`: re-evaluates a stored run's snapshots with the current checks and compares the
 * findings with those it stored. Exit 0 when every compared finding is reproduced; 1 when one differs or the
 * evidence does not verify. With `--config`, each check takes its parameters from that config (else the defaults).
 */
export async function replayCommand(
  args: { store: string; run: string; config?: string },
  env: Env,
  out: Output,
): Promise<number> {
  const { store } = openLocalStore(args.store);
  const manifest = await findRun(store, args.run);
  const checks = checkRegistry();
  let params: ((c: AnyCheck) => unknown) | undefined;
  if (args.config) {
    const config = await loadConfig(args.config, env);
    const prepared = new Map(prepareChecks(config, checks).map((p) => [p.check.id, p.params]));
    params = (c) => (prepared.has(c.id) ? prepared.get(c.id) : c.params.parse({}));
    if (config.digest !== manifest.configDigest)
      out.print(
        `! ${args.config} is not the config run #${manifest.sequence} used (digest ${config.digest}, the run's ${manifest.configDigest}); check parameters may differ`,
      );
  }
  let result;
  try {
    result = await replayRun(store, manifest, checks, params);
  } catch (err) {
    if (!(err instanceof EvidenceError)) throw err;
    out.print(`✘ ${terminalSafe(err.message)}`);
    return 1;
  }
  const run = `run #${manifest.sequence} ${terminalSafe(manifest.runId)}`;
  for (const e of result.excluded)
    out.print(
      e.currentVersion === undefined
        ? `! ${e.checkId}: no such check any more; its ${e.findings} stored findings are not compared`
        : `! ${e.checkId}: version ${e.currentVersion} now, ${run} stored version ${e.storedVersion}; its ${e.findings} stored findings are not compared`,
    );
  for (const d of result.differences) out.print(describe(d));
  const basis = `${result.snapshots} snapshots of ${run}, ${result.artifactsVerified} artifacts verified against its manifest`;
  if (result.differences.length > 0) {
    out.print(
      `✘ ${result.differences.length} findings differ from the stored evidence (${result.compared} stored findings compared; ${basis}).`,
    );
    return 1;
  }
  out.print(`✔ ${result.compared} findings reproduced from the stored evidence (${basis}).`);
  return 0;
}
