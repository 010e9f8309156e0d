import { createHash } from 'node:crypto';
import { EvidenceError } from '../errors.js';
import { ManifestSchema, type Manifest } from '../model/run.js';

export const sha256Hex = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

const BodySchema = ManifestSchema.omit({ digest: true });

const serialize = (value: unknown): string => JSON.stringify(value, null, 2);

const issuePath = (p: readonly PropertyKey[]): string =>
  p.reduce<string>(
    (acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)),
    '',
  ) || '(top level)';

/** The bytes for a body already in schema order (zod emits keys in shape order, extra keys dropped). */
function canonicalBytes(body: Omit<Manifest, 'digest'>): Uint8Array {
  const digest = sha256Hex(serialize(body));
  return Buffer.from(`${serialize({ ...body, digest })}\n`);
}

/**
 * Canonical manifest bytes: pretty JSON with keys in schema order and `digest` last, where `digest` is the
 * SHA-256 of the same JSON without it. Refuses a body that is not a valid manifest.
 */
export function encodeManifest(body: Omit<Manifest, 'digest'>): Uint8Array {
  const parsed = BodySchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new EvidenceError(`refusing to write an invalid manifest: ${issuePath(issue.path)}: ${issue.message}`, {
      code: 'invalid',
    });
  }
  return canonicalBytes(parsed.data);
}

export type ManifestInspection = { ok: true; manifest: Manifest } | { ok: false; problem: string };

/** Checks stored manifest bytes without throwing: schema, digest, and byte-identity with the canonical form. */
export function inspectManifest(bytes: Uint8Array): ManifestInspection {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return { ok: false, problem: 'manifest is not valid JSON' };
  }
  const parsed = ManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, problem: `not a valid manifest at ${issuePath(issue.path)}: ${issue.message}` };
  }
  const { digest, ...body } = parsed.data;
  if (sha256Hex(serialize(body)) !== digest)
    return { ok: false, problem: 'manifest digest does not match its content' };
  if (Buffer.compare(Buffer.from(canonicalBytes(body)), Buffer.from(bytes)) !== 0) {
    return { ok: false, problem: 'manifest bytes differ from their canonical form' };
  }
  return { ok: true, manifest: parsed.data };
}

/** Parses and checks a stored manifest; any changed byte, whitespace included, makes it throw naming `key`. */
export function decodeManifest(bytes: Uint8Array, key: string): Manifest {
  const inspection = inspectManifest(bytes);
  if (!inspection.ok) throw new EvidenceError(`${key}: ${inspection.problem}`, { code: 'invalid' });
  return inspection.manifest;
}
