import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Validates events against the OCSF schema source in test/fixtures/ocsf (v1.8.0), the way the schema compiles
 * (https://github.com/ocsf/ocsf-schema/blob/v1.8.0/CONTRIBUTING.md): a class resolves through `extends`, `$include`
 * pulls in profile attributes tagged with their profile, the dictionary gives each attribute its type and enum, and a
 * class or object definition overrides the dictionary. Profile attributes count only when `metadata.profiles` names
 * the profile. Unknown and deprecated attributes are refused, so an event that passes uses the schema as it stands.
 */
export const OCSF_FIXTURES = fileURLToPath(new URL('../fixtures/ocsf/', import.meta.url));

type Json = Record<string, unknown>;

interface EnumValue {
  caption?: string;
}

interface Attr {
  type?: string;
  is_array?: boolean;
  requirement?: string;
  enum?: Record<string, EnumValue>;
  sibling?: string;
  profile?: string | null;
  '@deprecated'?: unknown;
}

interface Resolved {
  name: string;
  caption: string;
  attributes: Record<string, Attr>;
  constraints: Record<string, string[]>;
  profiles: string[];
  category?: string;
  uid?: number;
}

interface TypeDef {
  type?: string;
  regex?: string;
  max_len?: number;
  range?: [number, number];
  values?: unknown[];
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Later definitions win key by key, nested objects (an attribute's enum) merge. */
function deepMerge(base: object, over: object): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isObject(v) && isObject(out[k]) ? deepMerge(out[k], v) : v;
  return out;
}

export interface OcsfValidator {
  readonly version: string;
  /** The class as resolved (for tests of the validator itself). */
  readonly resolved: Resolved;
  /** Every problem found, as `path: what is wrong`; empty when the event is valid. */
  validate(event: unknown): string[];
  /** Every object type the class can reach; throws if one is missing from the fixtures. */
  reachableObjects(): string[];
}

export function loadOcsfValidator(className = 'compliance_finding', root = OCSF_FIXTURES): OcsfValidator {
  const read = (rel: string): Json => JSON.parse(readFileSync(path.join(root, rel), 'utf8')) as Json;
  const dictionary = read('dictionary.json');
  const dictAttrs = dictionary.attributes as Record<string, Attr>;
  const types = (dictionary.types as { attributes: Record<string, TypeDef> }).attributes;
  const categories = (read('categories.json').attributes ?? {}) as Record<string, { uid: number; caption: string }>;
  const version = (read('version.json') as { version: string }).version;
  const knownProfiles = readdirSync(path.join(root, 'profiles')).map((f) => f.replace(/\.json$/, ''));

  const eventFiles = new Map<string, string>();
  for (const e of readdirSync(path.join(root, 'events'), { recursive: true, withFileTypes: true }))
    if (e.isFile() && e.name.endsWith('.json'))
      eventFiles.set(e.name.replace(/\.json$/, ''), path.relative(root, path.join(e.parentPath, e.name)));

  const resolve = (doc: Json, parent: (name: string) => Resolved): Resolved => {
    const base = typeof doc.extends === 'string' ? parent(doc.extends) : undefined;
    const own = (doc.attributes ?? {}) as Record<string, Attr> & { $include?: string[] };
    let attributes: Record<string, Attr> = { ...(base?.attributes ?? {}) };
    const merge = (name: string, def: Attr) => {
      attributes = { ...attributes, [name]: deepMerge(attributes[name] ?? {}, def) };
    };
    for (const inc of own.$include ?? []) {
      const included = read(inc);
      const profile = included.meta === 'profile' ? (included.name as string) : undefined;
      for (const [name, def] of Object.entries(included.attributes as Record<string, Attr>))
        merge(name, profile ? { ...def, profile } : def);
    }
    for (const [name, def] of Object.entries(own)) if (name !== '$include') merge(name, def as Attr);
    return {
      name: doc.name as string,
      caption: doc.caption as string,
      attributes,
      constraints: { ...(base?.constraints ?? {}), ...((doc.constraints ?? {}) as Record<string, string[]>) },
      profiles: [...new Set([...(base?.profiles ?? []), ...((doc.profiles ?? []) as string[])])],
      ...((doc.category ?? base?.category) ? { category: (doc.category ?? base?.category) as string } : {}),
      ...(typeof doc.uid === 'number' ? { uid: doc.uid } : {}),
    };
  };

  const objects = new Map<string, Resolved>();
  const objectDef = (name: string): Resolved => {
    const known = objects.get(name);
    if (known) return known;
    let doc: Json;
    try {
      doc = read(`objects/${name}.json`);
    } catch (cause) {
      throw new Error(`OCSF object '${name}' is not in ${root}objects`, { cause });
    }
    const resolved = resolve(doc, objectDef);
    objects.set(name, resolved);
    return resolved;
  };
  const eventDef = (name: string): Resolved => {
    const file = eventFiles.get(name);
    if (!file) throw new Error(`OCSF event class '${name}' is not in ${root}events`);
    return resolve(read(file), eventDef);
  };

  const cls = eventDef(className);
  const category = cls.category ? categories[cls.category] : undefined;
  if (!category || cls.uid === undefined) throw new Error(`OCSF class '${className}' has no category or uid`);
  const classUid = category.uid * 1000 + cls.uid;
  // The schema derives these enums from the category, the class and its activities.
  const activities = (deepMerge(dictAttrs.activity_id ?? {}, cls.attributes.activity_id as Json) as Attr).enum ?? {};
  cls.attributes.category_uid = {
    ...cls.attributes.category_uid,
    enum: { [category.uid]: { caption: category.caption } },
  };
  cls.attributes.class_uid = { ...cls.attributes.class_uid, enum: { [classUid]: { caption: cls.caption } } };
  cls.attributes.type_uid = {
    ...cls.attributes.type_uid,
    enum: Object.fromEntries(
      Object.entries(activities).map(([id, v]) => [
        String(classUid * 100 + Number(id)),
        { caption: `${cls.caption}: ${v.caption ?? ''}` },
      ]),
    ),
  };

  const attrDef = (name: string, def: Attr): Attr => deepMerge(dictAttrs[name] ?? {}, def);

  /** Checks a scalar against a dictionary type, following its `type` chain to a base type. */
  const checkScalar = (value: unknown, typeName: string, at: string, problems: string[]): void => {
    for (let t: string | undefined = typeName, seen = 0; t && seen < 5; t = types[t]?.type, seen++) {
      const def = types[t];
      if (!def) return void problems.push(`${at}: unknown type ${t}`);
      const bad = (what: string): void =>
        void problems.push(`${at}: expected ${what} (${typeName}), got ${JSON.stringify(value)}`);
      switch (t) {
        case 'string_t':
          if (typeof value !== 'string') return bad('a string');
          break;
        case 'integer_t':
          if (!Number.isInteger(value) || (value as number) < -(2 ** 31) || (value as number) >= 2 ** 31)
            return bad('a 32-bit integer');
          break;
        case 'long_t':
          if (!Number.isSafeInteger(value)) return bad('an integer');
          break;
        case 'float_t':
          if (typeof value !== 'number' || !Number.isFinite(value)) return bad('a number');
          break;
        case 'boolean_t':
          if (typeof value !== 'boolean') return bad('a boolean');
          break;
        case 'json_t':
          if (value === undefined) return bad('a JSON value');
          break;
      }
      if (def.regex && typeof value === 'string' && !new RegExp(def.regex).test(value)) return bad(`/${def.regex}/`);
      if (def.max_len !== undefined && typeof value === 'string' && value.length > def.max_len)
        return bad(`at most ${def.max_len} characters`);
      if (def.range && typeof value === 'number' && (value < def.range[0] || value > def.range[1]))
        return bad(`a value in [${def.range.join(', ')}]`);
    }
  };

  const checkValue = (value: unknown, name: string, def: Attr, at: string, active: Set<string>, problems: string[]) => {
    const type = def.type;
    if (!type) return void problems.push(`${at}: attribute ${name} has no type in the schema`);
    if (value === null) return void problems.push(`${at}: null is not a value; omit the attribute`);
    if (type in types) checkScalar(value, type, at, problems);
    else if (type === 'object') {
      if (!isObject(value)) problems.push(`${at}: expected an object, got ${JSON.stringify(value)}`);
    } else checkObject(value, objectDef(type), at, active, problems);
    const key = typeof value === 'number' || typeof value === 'string' ? String(value) : undefined;
    if (def.enum && (key === undefined || !(key in def.enum)))
      problems.push(`${at}: ${JSON.stringify(value)} is not in the enum (${Object.keys(def.enum).join(', ')})`);
  };

  function checkObject(value: unknown, def: Resolved, at: string, active: Set<string>, problems: string[]): void {
    if (!isObject(value))
      return void problems.push(`${at}: expected a ${def.name} object, got ${JSON.stringify(value)}`);
    const applies = (a: Attr) => !a.profile || active.has(a.profile);
    const prefix = at ? `${at}.` : '';
    for (const [name, raw] of Object.entries(def.attributes)) {
      if (raw.requirement === 'required' && applies(raw) && !(name in value))
        problems.push(`${prefix}${name}: required by ${def.name}${raw.profile ? ` (profile ${raw.profile})` : ''}`);
    }
    for (const [name, v] of Object.entries(value)) {
      const raw = def.attributes[name];
      if (!raw || !applies(raw)) {
        problems.push(
          `${prefix}${name}: not an attribute of ${def.name}${raw?.profile ? ` without profile ${raw.profile}` : ''}`,
        );
        continue;
      }
      const attr = attrDef(name, raw);
      if (attr['@deprecated']) problems.push(`${prefix}${name}: deprecated in ${def.name}`);
      if (attr.is_array) {
        if (!Array.isArray(v)) problems.push(`${prefix}${name}: expected an array`);
        else v.forEach((item, i) => checkValue(item, name, attr, `${prefix}${name}[${i}]`, active, problems));
      } else checkValue(v, name, attr, `${prefix}${name}`, active, problems);
      const sibling = attr.sibling && attr.enum ? value[attr.sibling] : undefined;
      const caption = attr.enum?.[String(v)]?.caption;
      if (sibling !== undefined && String(v) !== '99' && caption !== undefined && sibling !== caption)
        problems.push(`${prefix}${attr.sibling!}: expected '${caption}' (the caption of ${name} ${String(v)})`);
    }
    for (const [kind, names] of Object.entries(def.constraints)) {
      const present = names.filter((n) => n in value).length;
      if (kind === 'at_least_one' && present === 0)
        problems.push(`${at || def.name}: needs one of ${names.join(', ')}`);
      if (kind === 'just_one' && present !== 1)
        problems.push(`${at || def.name}: needs exactly one of ${names.join(', ')}`);
    }
  }

  return {
    version,
    resolved: cls,
    validate(event) {
      const problems: string[] = [];
      const declared = isObject(event) && isObject(event.metadata) ? event.metadata.profiles : undefined;
      const profiles = Array.isArray(declared) ? declared.filter((p): p is string => typeof p === 'string') : [];
      for (const p of profiles)
        if (!knownProfiles.includes(p)) problems.push(`metadata.profiles: ${p} is not an OCSF ${version} profile`);
        // The schema server derives a `*_dt` sibling for every timestamp under this profile; this validator does not.
        else if (p === 'datetime') problems.push('metadata.profiles: datetime is not supported by this validator');
      checkObject(event, cls, '', new Set(profiles), problems);
      if (isObject(event) && typeof event.class_uid === 'number' && typeof event.activity_id === 'number') {
        if (event.type_uid !== event.class_uid * 100 + event.activity_id)
          problems.push(
            `type_uid: expected class_uid * 100 + activity_id = ${event.class_uid * 100 + event.activity_id}`,
          );
      }
      return problems;
    },
    reachableObjects() {
      const seen = new Set<string>();
      const visit = (attrs: Record<string, Attr>) => {
        for (const [name, raw] of Object.entries(attrs)) {
          const type = attrDef(name, raw).type;
          if (!type) throw new Error(`attribute ${name} has no type`);
          if (type in types || seen.has(type)) continue;
          seen.add(type);
          visit(objectDef(type).attributes);
        }
      };
      visit(cls.attributes);
      return [...seen].sort();
    },
  };
}
