import { createHash, randomBytes } from 'node:crypto';

/** One version of one key: an object or a delete marker. */
export interface SimObjectVersion {
  versionId: string;
  deleteMarker: boolean;
  body: Buffer;
  /** `"<md5 hex>"`, quoted as S3 sends it. */
  etag: string;
  lastModified: Date;
  contentType: string;
  /** Base64 SHA-256 when the writer sent `x-amz-checksum-sha256`: GetObject returns it in checksum mode. */
  checksumSha256?: string;
  /** Object Lock retention of this version (from the request or the bucket's default). */
  retention?: { mode: 'GOVERNANCE' | 'COMPLIANCE'; until: Date };
}

/**
 * The objects of one simulated bucket: every version of every key, newest last. A versioned bucket keeps them all
 * (a plain delete adds a delete marker); an unversioned one keeps one version, id `null`.
 */
export class SimObjects {
  private readonly keys = new Map<string, SimObjectVersion[]>();

  /** The current version (possibly a delete marker), or undefined for a key never written or fully deleted. */
  current(key: string): SimObjectVersion | undefined {
    return this.keys.get(key)?.at(-1);
  }

  version(key: string, versionId: string): SimObjectVersion | undefined {
    return this.keys.get(key)?.find((v) => v.versionId === versionId);
  }

  versions(key: string): readonly SimObjectVersion[] {
    return this.keys.get(key) ?? [];
  }

  /** Keys whose current version is an object, sorted by UTF-8 bytes as S3 lists them. */
  liveKeys(prefix: string): string[] {
    return [...this.keys.entries()]
      .filter(([k, v]) => k.startsWith(prefix) && v.at(-1)?.deleteMarker === false)
      .map(([k]) => k)
      .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  }

  add(key: string, version: SimObjectVersion, versioned: boolean): void {
    const list = versioned ? [...(this.keys.get(key) ?? [])] : [];
    list.push(version);
    this.keys.set(key, list);
  }

  /** Removes one version for good (a versioned delete, or any delete on an unversioned bucket). */
  remove(key: string, versionId: string): void {
    const list = (this.keys.get(key) ?? []).filter((v) => v.versionId !== versionId);
    if (list.length === 0) this.keys.delete(key);
    else this.keys.set(key, list);
  }
}

export const newVersionId = (): string => randomBytes(16).toString('base64url');

export const md5Etag = (body: Buffer): string => `"${createHash('md5').update(body).digest('hex')}"`;

export const sha256Base64 = (body: Buffer): string => createHash('sha256').update(body).digest('base64');
