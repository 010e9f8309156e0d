/** A parsed `fields` selector: a key maps to `true` (the whole value) or to a nested selection. */
export type FieldTree = Map<string, FieldTree | true>;

/**
 * Parses Google's partial-response syntax: `nextPageToken,users(id,name/fullName)`.
 * Throws on unbalanced parentheses or an empty name, as Google answers 400 "Invalid field selection".
 * https://developers.google.com/admin-sdk/directory/v1/guides/performance#partial-response
 */
export function parseFields(spec: string): FieldTree {
  let i = 0;
  const list = (): FieldTree => {
    const tree: FieldTree = new Map();
    for (;;) {
      const path: string[] = [];
      for (;;) {
        const m = /^[A-Za-z_$*][\w$*]*/.exec(spec.slice(i));
        if (!m) throw new Error(`Invalid field selection at ${i}`);
        path.push(m[0]);
        i += m[0].length;
        if (spec[i] !== '/') break;
        i++;
      }
      let leaf: FieldTree | true = true;
      if (spec[i] === '(') {
        i++;
        leaf = list();
        if (spec[i] !== ')') throw new Error(`Invalid field selection at ${i}`);
        i++;
      }
      let node = tree;
      path.forEach((name, n) => {
        if (n === path.length - 1) {
          const prior = node.get(name);
          node.set(
            name,
            prior instanceof Map && leaf instanceof Map ? new Map([...prior, ...leaf]) : prior === true ? true : leaf,
          );
        } else {
          const next = node.get(name);
          if (next === true) return;
          const sub: FieldTree = next ?? new Map<string, FieldTree | true>();
          node.set(name, sub);
          node = sub;
        }
      });
      if (spec[i] !== ',') return tree;
      i++;
    }
  };
  const tree = list();
  if (i !== spec.length) throw new Error(`Invalid field selection at ${i}`);
  return tree;
}

/** Keeps only the selected fields of `value` (element-wise through arrays); absent fields stay absent. */
export function selectFields(value: unknown, tree: FieldTree): unknown {
  if (Array.isArray(value)) return value.map((v) => selectFields(v, tree));
  if (value === null || typeof value !== 'object') return value;
  if (tree.has('*')) return value;
  const out: Record<string, unknown> = {};
  for (const [key, sub] of tree) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    out[key] = sub === true ? v : selectFields(v, sub);
  }
  return out;
}
