import { EvidenceError } from '../errors.js';
import { StoredRecordSchema, type RecordFile, type StoredRecord } from '../model/record.js';
import type { BlobStore } from './blob-store.js';
import { sha256Hex } from './manifest-codec.js';

export const RECORDS_PREFIX = 'records/';
const FILES_PREFIX = `${RECORDS_PREFIX}files/`;
const RECORD_KEY = /^records\/(\d{10})\.json$/;
const MAX_CONFLICTS = 20;

export const recordKey = (seq: number): string => `${RECORDS_PREFIX}${String(seq).padStart(10, '0')}.json`;

export const sequenceOfRecordKey = (key: string): number | undefined => {
  const m = RECORD_KEY.exec(key);
  return m ? Number(m[1]) : undefined;
};

export interface NewRecordFile {
  name: string;
  body: Uint8Array;
  mediaType: string;
}

/**
 * Numbered, write-once records beside the runs. A writer takes the next number with a put-if-absent (two writers
 * racing for one number: the loser takes the next), so a gap below the newest number is a deletion, never a race.
 */
export class RecordStore {
  constructor(
    private readonly blobs: BlobStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async append(
    type: string,
    input: { by: string; data: unknown; files?: readonly NewRecordFile[] },
  ): Promise<StoredRecord> {
    const files: RecordFile[] = [];
    for (const f of input.files ?? []) {
      const sha256 = sha256Hex(f.body);
      const key = `${FILES_PREFIX}${sha256}`;
      await this.blobs.putIfAbsent(key, f.body).catch((e: unknown) => {
        if (!(e instanceof EvidenceError && e.code === 'exists')) throw e;
      });
      files.push({ name: f.name, sha256, size: f.body.byteLength, mediaType: f.mediaType, key });
    }
    let seq = (await this.lastSequence()) + 1;
    for (let attempt = 0; ; attempt++) {
      const record = StoredRecordSchema.parse({
        seq,
        type,
        at: this.now().toISOString(),
        by: input.by,
        data: input.data,
        files,
      });
      const bytes = Buffer.from(JSON.stringify(record, null, 2) + '\n');
      try {
        await this.blobs.putIfAbsent(recordKey(seq), bytes);
        return { ...record, key: recordKey(seq), sha256: sha256Hex(bytes) };
      } catch (e) {
        if (!(e instanceof EvidenceError && e.code === 'exists') || attempt >= MAX_CONFLICTS) throw e;
        seq = Math.max(seq + 1, (await this.lastSequence()) + 1);
      }
    }
  }

  /** Every record (of `type`, if given), in sequence order; a record that does not parse is an error naming it. */
  async list(type?: string): Promise<StoredRecord[]> {
    const out: StoredRecord[] = [];
    for (const key of await this.keys()) {
      const record = await this.read(key);
      if (type === undefined || record.type === type) out.push(record);
    }
    return out;
  }

  async read(key: string): Promise<StoredRecord> {
    const bytes = await this.blobs.get(key);
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(bytes).toString('utf8'));
    } catch (cause) {
      throw new EvidenceError(`${key}: not JSON`, { code: 'invalid', cause });
    }
    const result = StoredRecordSchema.safeParse(parsed);
    if (!result.success || result.data.seq !== sequenceOfRecordKey(key))
      throw new EvidenceError(
        `${key}: not a record of this store (${result.error?.issues[0]?.message ?? 'wrong seq'})`,
        {
          code: 'invalid',
        },
      );
    return { ...result.data, key, sha256: sha256Hex(bytes) };
  }

  async readFile(file: RecordFile): Promise<Uint8Array> {
    const bytes = await this.blobs.get(file.key);
    if (sha256Hex(bytes) !== file.sha256)
      throw new EvidenceError(`${file.key}: sha256 differs from the record`, { code: 'invalid' });
    return bytes;
  }

  /** Record keys in sequence order. */
  async keys(): Promise<string[]> {
    return (await this.blobs.list(RECORDS_PREFIX)).filter((k) => sequenceOfRecordKey(k) !== undefined);
  }

  async lastSequence(): Promise<number> {
    const last = (await this.keys()).at(-1);
    return last === undefined ? 0 : sequenceOfRecordKey(last)!;
  }
}
