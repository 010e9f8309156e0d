/** An explicit list keyed by id; a duplicate id is a programming error caught at start-up and in tests. */
export function makeRegistry<T extends { id: string }>(kind: string, items: readonly T[]): ReadonlyMap<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    if (map.has(item.id)) throw new Error(`duplicate ${kind} id: ${item.id}`);
    map.set(item.id, item);
  }
  return map;
}
