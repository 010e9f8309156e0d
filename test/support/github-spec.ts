import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/**
 * GitHub's published OpenAPI description (https://github.com/github/rest-api-description), as the npm package
 * `@octokit/openapi` ships it; the devDependency is pinned to the version the contract tests are written against.
 */
export const GITHUB_SPEC_PATH = createRequire(import.meta.url).resolve(
  '@octokit/openapi/generated/api.github.com.json',
);

const SPEC_ID = 'github-spec';
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

type Json = Record<string, unknown>;

/**
 * OpenAPI 3.0 → JSON Schema, in place: `nullable: true` becomes a `null` type (or an `anyOf` with null when there is
 * no `type`), and local `$ref`s point into the spec registered under SPEC_ID so any fragment compiles alone.
 */
function toJsonSchema(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(toJsonSchema);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const o = node as Json;
  for (const v of Object.values(o)) toJsonSchema(v);
  if (typeof o.$ref === 'string' && o.$ref.startsWith('#/')) o.$ref = `${SPEC_ID}${o.$ref}`;
  if (typeof o.nullable !== 'boolean') return;
  const nullable = o.nullable;
  delete o.nullable;
  if (!nullable) return;
  if (typeof o.type === 'string') {
    o.type = [o.type, 'null'];
    if (Array.isArray(o.enum) && !o.enum.includes(null)) o.enum.push(null);
  } else if (o.type === undefined) {
    const rest = { ...o };
    for (const k of Object.keys(o)) Reflect.deleteProperty(o, k);
    o.anyOf = [rest, { type: 'null' }];
  }
}

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

export interface GithubSpec {
  /** Errors of `body` against the spec's response schema for this operation and status ([] when it conforms). */
  validateGithubResponse(method: string, path: string, status: number, body: unknown): string[];
  /** Errors of `body` against `#/components/schemas/<name>`, e.g. 'basic-error'. */
  validateGithubSchema(name: string, body: unknown): string[];
}

/** Reads the 13 MB spec and prepares Ajv; call once per test file. */
export function loadGithubSpec(): GithubSpec {
  const spec = JSON.parse(readFileSync(GITHUB_SPEC_PATH, 'utf8')) as Json & { paths: Json; components: Json };
  toJsonSchema(spec);
  // strict: false ignores OpenAPI-only keywords (example, discriminator, x-github, deprecated…).
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
  addFormats(ajv);
  ajv.addSchema(spec, SPEC_ID);
  const validators = new Map<string, ValidateFunction>();
  const run = (ref: string, body: unknown): string[] => {
    let validate = validators.get(ref);
    if (!validate) {
      validate = ajv.compile({ $ref: ref });
      validators.set(ref, validate);
    }
    return validate(body)
      ? []
      : (validate.errors ?? []).map(
          (e) => `${e.instancePath || '/'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`,
        );
  };
  const resolve = (node: unknown): Json | undefined => {
    const o = node as Json | undefined;
    if (typeof o?.$ref !== 'string') return o;
    const parts = o.$ref
      .slice(`${SPEC_ID}#/`.length)
      .split('/')
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    return resolve(parts.reduce<unknown>((n, p) => (n as Json | undefined)?.[p], spec));
  };
  return {
    validateGithubResponse(method, path, status, body) {
      const m = method.toLowerCase();
      const responses = resolve(resolve(spec.paths[path])?.[m])?.responses as Json | undefined;
      if (!responses) return [`the spec has no operation ${method} ${path}`];
      const key = String(status) in responses ? String(status) : 'default' in responses ? 'default' : undefined;
      if (key === undefined) return [`the spec defines no ${status} response for ${method} ${path}`];
      const response = resolve(responses[key]);
      const content = response?.content as Json | undefined;
      const mediaType = content && Object.keys(content).find((t) => t.includes('json'));
      if (!mediaType) return [`the spec defines no JSON body for ${status} of ${method} ${path}`];
      // Point at the schema through the response that holds it, following a shared `components/responses` entry.
      const owner =
        typeof (responses[key] as Json).$ref === 'string'
          ? ((responses[key] as Json).$ref as string)
          : `${SPEC_ID}#/${pointer('paths', path, m, 'responses', key)}`;
      return run(`${owner}/${pointer('content', mediaType, 'schema')}`, body);
    },
    validateGithubSchema(name, body) {
      if (!(name in (spec.components.schemas as Json))) return [`the spec has no schema ${name}`];
      return run(`${SPEC_ID}#/${pointer('components', 'schemas', name)}`, body);
    },
  };
}
