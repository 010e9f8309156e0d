import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { allChecks, checkRegistry } from '../checks/index.js';
import { allCollectors, collectorRegistry } from '../collectors/index.js';
import { allDerivations } from '../collectors/derived/index.js';
import { controlsByRef, controlCatalog } from '../checks/controls/catalog.js';
import { datasets, collectorOf } from '../src/model/datasets/index.js';
import { makeRegistry } from '../src/model/registry.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Where a check's file lives: checks/<source>/<id>.ts, its test test/checks/<source>/<id>.test.ts. */
function checkFiles(): Map<string, string> {
  const found = new Map<string, string>();
  for (const dir of readdirSync(path.join(root, 'checks'), { withFileTypes: true })) {
    if (!dir.isDirectory() || dir.name === 'controls') continue;
    for (const f of readdirSync(path.join(root, 'checks', dir.name))) {
      if (f.endsWith('.ts')) found.set(f.replace(/\.ts$/, ''), `${dir.name}/${f}`);
    }
  }
  return found;
}

describe('registries', () => {
  it('throws on a duplicate id', () => {
    expect(() => makeRegistry('check', [{ id: 'a' }, { id: 'a' }])).toThrow('duplicate check id: a');
    expect(checkRegistry().size).toBe(allChecks.length);
    expect(collectorRegistry().size).toBe(allCollectors.length);
  });

  it('has the full control catalog', () => {
    expect(controlCatalog.filter((c) => c.framework === 'iso27001')).toHaveLength(93);
    expect(controlCatalog.filter((c) => c.framework === 'iso42001')).toHaveLength(38);
    expect(controlsByRef().size).toBe(131);
  });

  it.each(allChecks.map((c) => [c.id, c] as const))('%s is well formed, mapped and tested', (id, check) => {
    const files = checkFiles();
    expect(files.has(id), `checks/<source>/${id}.ts exists (id equals file name)`).toBe(true);
    const file = files.get(id)!;
    expect(
      existsSync(path.join(root, 'test/checks', file.replace(/\.ts$/, '.test.ts'))),
      `test/checks/${file} has tests`,
    ).toBe(true);
    expect(check.title).not.toMatch(/^Ensure/i);
    expect(check.controls.length).toBeGreaterThan(0);
    for (const ref of check.controls) expect(controlsByRef().has(ref), `${ref} is in the catalog`).toBe(true);
    expect(check.requires.length).toBeGreaterThan(0);
    for (const key of check.requires) {
      expect(Object.hasOwn(datasets, key), `${key} is a dataset`).toBe(true);
      const collector =
        collectorRegistry().get(collectorOf(key)) ??
        allDerivations.find((d) => d.collector.id === collectorOf(key))?.collector;
      expect(collector && Object.hasOwn(collector.schema, key), `${key} is provided by a collector or derivation`).toBe(
        true,
      );
    }
  });

  it.each(allDerivations.map((d) => [d.collector.id, d] as const))(
    'derivation %s reads only datasets a collector provides',
    (_id, d) => {
      for (const key of d.reads)
        expect(Object.hasOwn(collectorRegistry().get(collectorOf(key))?.schema ?? {}, key), `${key} is collected`).toBe(
          true,
        );
    },
  );

  it('every check file is registered', () => {
    expect([...checkFiles().keys()].sort()).toEqual(allChecks.map((c) => c.id).sort());
  });

  it.each(allCollectors.map((c) => [c.id, c] as const))(
    'collector %s declares its permissions and only its own datasets',
    (id, c) => {
      expect(c.permissions.length).toBeGreaterThan(0);
      for (const p of c.permissions) expect(p.why.length).toBeGreaterThan(0);
      for (const key of Object.keys(c.schema)) expect(collectorOf(key)).toBe(id);
    },
  );
});
