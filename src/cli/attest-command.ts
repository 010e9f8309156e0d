import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError, UsageError } from '../errors.js';
import type { Env } from '../config/load-config.js';
import {
  ATTESTATION_KIND_IDS,
  ATTESTATION_RECORD_TYPE,
  IMPORT_KIND_IDS,
  attestationKind,
  isAttestationKind,
  type AttestationData,
  type ImportKindId,
} from '../model/attestation.js';
import type { AttestationsConfig } from '../model/config/attestations-config.js';
import type { StoredRecord } from '../model/record.js';
import { RecordStore, type NewRecordFile } from '../evidence/record-store.js';
import { importColumns, parseImportCsv } from '../../collectors/attestations/attestation-csv.js';
import { existingLocalStore, openLocalStore } from './open-store.js';
import type { Output } from './output.js';

export interface AttestOptions {
  /** The kind, or `import`. */
  kind: string | undefined;
  by?: string;
  file?: string;
  note?: string;
  covers?: string;
  ref?: string;
  ticket?: string;
  system?: string;
  /** `assay attest import --kind`. */
  importKind?: string;
  store?: string;
  config?: string;
}

const MEDIA_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.csv': 'text/csv',
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.json': 'application/json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

const KINDS_HELP = `expected one of ${ATTESTATION_KIND_IDS.filter((k) => !(IMPORT_KIND_IDS as readonly string[]).includes(k)).join(', ')}, or import --kind ${IMPORT_KIND_IDS.join('|')}`;

async function readEvidenceFile(file: string): Promise<NewRecordFile> {
  try {
    const body = new Uint8Array(await readFile(file));
    return {
      name: path.basename(file),
      body,
      mediaType: MEDIA_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    };
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new UsageError(`--file ${file}: cannot read the file (${code ?? String(cause)})`, { cause });
  }
}

function checkAttester(by: string | undefined, config: AttestationsConfig | undefined): string {
  if (!by) throw new UsageError('assay attest: --by EMAIL is required (who attests)');
  if (!z.email().safeParse(by).success) throw new UsageError(`--by: expected an email address, got '${by}'`);
  const attesters = config?.attesters ?? [];
  if (attesters.length > 0 && !attesters.some((a) => a.toLowerCase() === by.toLowerCase()))
    throw new UsageError(
      `--by: ${by} is not an attester (attestations.attesters in the config: ${attesters.join(', ')})`,
    );
  return by;
}

/** The store and the attestations config: from --config when given, else --store (default ./evidence). */
async function target(opts: AttestOptions, env: Env) {
  const { config, store, dir } = await existingLocalStore('assay attest', opts, env);
  return { config, attestations: config?.attestations, store, dir };
}

function printStored(out: Output, record: StoredRecord, what: string): void {
  out.print(`✔ Stored ${what} as record #${record.seq} by ${record.by} at ${record.at}`);
  out.print(`  ${record.key} sha256 ${record.sha256}`);
  for (const f of record.files) out.print(`  file ${f.name} (${f.size} bytes, ${f.mediaType}) sha256 ${f.sha256}`);
  out.print('  The next assay run anchors it in its manifest; until then assay evidence verify counts it as pending.');
}

/** `assay attest <kind> …` and `assay attest import --kind …`: one write-once record in the evidence store. */
export async function attestCommand(opts: AttestOptions, env: Env, out: Output): Promise<number> {
  if (!opts.kind) throw new UsageError(`assay attest: ${KINDS_HELP}`);
  if (opts.kind === 'import') return importCommand(opts, env, out);
  if (!isAttestationKind(opts.kind)) throw new UsageError(`assay attest ${opts.kind}: unknown kind; ${KINDS_HELP}`);
  const kind = attestationKind(opts.kind);
  if (kind.basis === 'per-person')
    throw new UsageError(
      `assay attest ${kind.id}: per-person evidence comes from an export: assay attest import --kind ${kind.id} --file export.csv`,
    );
  const { attestations, store } = await target(opts, env);
  const by = checkAttester(opts.by, attestations);
  if (opts.ticket !== undefined && !z.url().safeParse(opts.ticket).success)
    throw new UsageError(`--ticket: expected a URL, got '${opts.ticket}'`);
  if (kind.basis === 'per-use' && (!opts.ref || !opts.ticket))
    throw new UsageError(
      `assay attest ${kind.id}: --ref EVENT_ID_OR_FINDING_KEY and --ticket URL are required (which use was reviewed, and its ticket)`,
    );
  if (kind.basis === 'per-system') {
    if (!opts.system)
      throw new UsageError(`assay attest ${kind.id}: --system NAME is required (the AI system assessed)`);
    const systems = attestations?.aiSystems ?? [];
    if (systems.length > 0 && !systems.includes(opts.system))
      throw new UsageError(`--system: '${opts.system}' is not in attestations.aiSystems (${systems.join(', ')})`);
  } else if (opts.system !== undefined) throw new UsageError(`--system: only ai-impact-assessment takes it`);
  if (!opts.file && !opts.note && kind.basis !== 'per-use')
    throw new UsageError(`assay attest ${kind.id}: give --file EVIDENCE and/or --note TEXT (what is attested)`);
  const files = opts.file ? [await readEvidenceFile(opts.file)] : [];
  const data: AttestationData = {
    kind: kind.id as AttestationData['kind'],
    ...(opts.note !== undefined ? { note: opts.note } : {}),
    ...(opts.covers !== undefined ? { covers: opts.covers } : {}),
    ...(opts.ref !== undefined ? { ref: opts.ref } : {}),
    ...(opts.ticket !== undefined ? { ticket: opts.ticket } : {}),
    ...(opts.system !== undefined ? { system: opts.system } : {}),
  };
  const record = await store.records.append(ATTESTATION_RECORD_TYPE, { by, data, files });
  printStored(out, record, `${kind.title.toLowerCase()}${opts.system ? ` of ${opts.system}` : ''}`);
  return 0;
}

async function importCommand(opts: AttestOptions, env: Env, out: Output): Promise<number> {
  const kindId = opts.importKind;
  if (!kindId || !(IMPORT_KIND_IDS as readonly string[]).includes(kindId))
    throw new UsageError(
      `assay attest import: --kind ${IMPORT_KIND_IDS.join('|')} is required${kindId ? `, got '${kindId}'` : ''}`,
    );
  const kind = kindId as ImportKindId;
  const { config, attestations, store } = await target(opts, env);
  const by = checkAttester(opts.by, attestations);
  const section = kind === 'security-training' ? attestations?.training : attestations?.acknowledgements;
  const configured =
    section?.file && config ? path.resolve(path.dirname(path.resolve(config.file)), section.file) : undefined;
  const file = opts.file ?? configured;
  if (!file)
    throw new UsageError(
      `assay attest import: --file EXPORT.csv is required (or attestations.${kind === 'security-training' ? 'training' : 'acknowledgements'}.file with --config)`,
    );
  const evidence = await readEvidenceFile(file);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(evidence.body);
  const entries = parseImportCsv(text, file, kind, importColumns(kind, attestations));
  if (kind === 'policy-acknowledgement' && attestations?.acknowledgements) {
    const current = attestations.acknowledgements.currentPolicyVersion;
    if (!entries.some((e) => e.version === current))
      throw new ConfigError(
        `${file}: no row acknowledges the current policy version '${current}' (attestations.acknowledgements.currentPolicyVersion): wrong export or wrong version?`,
      );
  }
  const data: AttestationData = {
    kind,
    ...(opts.note !== undefined ? { note: opts.note } : {}),
    import: { rows: entries.length, entries },
  };
  const record = await store.records.append(ATTESTATION_RECORD_TYPE, {
    by,
    data,
    files: [{ ...evidence, mediaType: 'text/csv' }],
  });
  printStored(out, record, `${attestationKind(kind).title.toLowerCase()} import (${entries.length} rows)`);
  return 0;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * The demo's attestations, written once into a new demo store, dated back from `now`: the coverage matrix then shows
 * attested controls, and the AI policy review (last attested 400 days ago) fails as due.
 */
export async function seedDemoAttestations(storeDir: string, now: Date): Promise<number> {
  const { blobs } = openLocalStore(storeDir);
  if ((await new RecordStore(blobs).list(ATTESTATION_RECORD_TYPE)).length > 0) return 0;
  const seeds: [number, AttestationData, string][] = [
    [40, { kind: 'management-review', covers: 'last quarter', note: 'Demo minutes' }, 'management-review.md'],
    [200, { kind: 'isms-policy-review', note: 'Policy v4 approved' }, 'isms-policy-v4.md'],
    [400, { kind: 'ai-policy-review', note: 'AI policy v1 approved' }, 'ai-policy-v1.md'],
    [100, { kind: 'internal-audit', covers: 'ISMS scope', note: 'No major nonconformity' }, 'internal-audit.md'],
    [60, { kind: 'supplier-review', note: 'Twelve suppliers reviewed' }, 'supplier-review.md'],
    [150, { kind: 'incident-response-exercise', note: 'Tabletop: leaked key' }, 'tabletop.md'],
  ];
  for (const [daysAgo, data, name] of seeds) {
    const records = new RecordStore(blobs, () => new Date(now.getTime() - daysAgo * DAY_MS));
    const body = new TextEncoder().encode(`# ${attestationKind(data.kind).title} (demo)\n\n${data.note ?? ''}\n`);
    await records.append(ATTESTATION_RECORD_TYPE, {
      by: 'ciso@example.com',
      data,
      files: [{ name, body, mediaType: 'text/markdown' }],
    });
  }
  return seeds.length;
}
