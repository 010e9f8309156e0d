import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A schema node of a Google API discovery document. */
interface DiscoverySchema {
  type?: string;
  $ref?: string;
  format?: string;
  enum?: string[];
  properties?: Record<string, DiscoverySchema>;
  additionalProperties?: DiscoverySchema;
  items?: DiscoverySchema;
}

export interface DiscoveryDoc {
  name: string;
  schemas: Record<string, DiscoverySchema>;
}

export const loadDiscovery = (file: 'admin-directory_v1.json' | 'admin-reports_v1.json'): DiscoveryDoc =>
  JSON.parse(
    readFileSync(fileURLToPath(new URL(`../fixtures/specs/google/${file}`, import.meta.url)), 'utf8'),
  ) as DiscoveryDoc;

/**
 * Checks `value` against a discovery schema: JSON types, int64 and date-time strings, enums, and that no property
 * outside the schema is sent. Discovery documents do not say which properties are required, so absence is allowed.
 * Returns one line per problem, `path: what`; empty when the value conforms.
 */
export function validateDiscovery(doc: DiscoveryDoc, schemaName: string, value: unknown): string[] {
  const problems: string[] = [];
  const check = (s: DiscoverySchema, v: unknown, path: string): void => {
    if (s.$ref) {
      const target = doc.schemas[s.$ref];
      if (!target) return void problems.push(`${path}: schema ${s.$ref} is not in ${doc.name}`);
      check(target, v, path);
      return;
    }
    switch (s.type) {
      case 'any':
        return;
      case 'object': {
        if (v === null || typeof v !== 'object' || Array.isArray(v))
          return void problems.push(`${path}: expected an object`);
        for (const [k, child] of Object.entries(v)) {
          const prop = s.properties?.[k] ?? s.additionalProperties;
          if (!prop) problems.push(`${path}.${k}: not a property of the schema`);
          else check(prop, child, `${path}.${k}`);
        }
        return;
      }
      case 'array':
        if (!Array.isArray(v)) return void problems.push(`${path}: expected an array`);
        v.forEach((item, i) => check(s.items ?? { type: 'any' }, item, `${path}[${i}]`));
        return;
      case 'string':
        if (typeof v !== 'string') return void problems.push(`${path}: expected a string`);
        if (s.format === 'int64' && !/^-?\d+$/.test(v)) problems.push(`${path}: expected an int64 string`);
        if (s.format === 'date-time' && Number.isNaN(Date.parse(v))) problems.push(`${path}: expected a date-time`);
        if (s.enum && !s.enum.includes(v)) problems.push(`${path}: ${v} is not one of ${s.enum.join(', ')}`);
        return;
      case 'boolean':
        if (typeof v !== 'boolean') problems.push(`${path}: expected a boolean`);
        return;
      case 'integer':
        if (!Number.isInteger(v)) problems.push(`${path}: expected an integer`);
        return;
      case 'number':
        if (typeof v !== 'number') problems.push(`${path}: expected a number`);
        return;
      default:
        if (s.properties) {
          check({ ...s, type: 'object' }, v, path);
          return;
        }
        problems.push(`${path}: schema without a type`);
    }
  };
  const root = doc.schemas[schemaName];
  if (!root) return [`schema ${schemaName} is not in ${doc.name}`];
  check(root, value, schemaName);
  return problems;
}
