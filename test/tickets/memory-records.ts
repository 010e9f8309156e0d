import type { StoredRecord } from '../../src/model/record.js';

/** The record store's append and list, in memory. */
export function memoryRecords() {
  const list: StoredRecord[] = [];
  return {
    all: list,
    list: (type?: string) => Promise.resolve(list.filter((r) => type === undefined || r.type === type)),
    append: (type: string, input: { by: string; data: unknown }) => {
      const r = {
        seq: list.length + 1,
        type,
        at: new Date().toISOString(),
        by: input.by,
        data: input.data,
        files: [],
        key: `records/${list.length + 1}`,
        sha256: '0'.repeat(64),
      };
      list.push(r);
      return Promise.resolve(r);
    },
  };
}
