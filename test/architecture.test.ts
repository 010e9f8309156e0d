import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function tsFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

const importsOf = (file: string): string[] =>
  [
    ...readFileSync(path.join(root, file), 'utf8').matchAll(
      /(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g,
    ),
  ].map((m) => m[1]!);

const resolvesInto = (file: string, spec: string, dir: string) =>
  spec.startsWith('.') && path.relative(root, path.resolve(root, path.dirname(file), spec)).startsWith(dir + path.sep);

describe('imports point one way', () => {
  it('checks import only the model (no SDK, no I/O, no collector, no engine)', () => {
    const bad = tsFiles('checks').flatMap((f) =>
      importsOf(f)
        .filter((s) =>
          !s.startsWith('.') ? s !== 'zod' : !(resolvesInto(f, s, 'src/model') || resolvesInto(f, s, 'checks')),
        )
        .map((s) => `${f} → ${s}`),
    );
    expect(bad).toEqual([]);
  });

  it('collectors never import checks, the engine or the simulator', () => {
    const bad = tsFiles('collectors').flatMap((f) =>
      importsOf(f)
        .filter((s) => ['checks', 'src/engine', 'src/cli', 'sim'].some((d) => resolvesInto(f, s, d)))
        .map((s) => `${f} → ${s}`),
    );
    expect(bad).toEqual([]);
  });

  it('the model imports nothing of the product', () => {
    const bad = tsFiles('src/model').flatMap((f) =>
      importsOf(f)
        .filter((s) => s.startsWith('.') && !resolvesInto(f, s, 'src/model'))
        .map((s) => `${f} → ${s}`),
    );
    expect(bad).toEqual([]);
  });

  it('only the demo command (src/cli/demo-*) imports the simulator', () => {
    const bad = ['src', 'collectors', 'checks'].flatMap((d) =>
      tsFiles(d)
        .filter((f) => !f.startsWith(path.join('src', 'cli', 'demo-')))
        .flatMap((f) =>
          importsOf(f)
            .filter((s) => resolvesInto(f, s, 'sim'))
            .map((s) => `${f} → ${s}`),
        ),
    );
    expect(bad).toEqual([]);
  });

  it('only the config module reads process.env', () => {
    const bad = ['src', 'collectors', 'checks']
      .flatMap((d) => tsFiles(d))
      .filter((f) => !f.startsWith(path.join('src', 'config')))
      .filter((f) => /process\.env\b/.test(readFileSync(path.join(root, f), 'utf8')));
    expect(bad).toEqual([]);
  });

  it('the simulator does not import the product', () => {
    const bad = tsFiles('sim').flatMap((f) =>
      importsOf(f)
        .filter((s) => ['src', 'collectors', 'checks'].some((d) => resolvesInto(f, s, d)))
        .map((s) => `${f} → ${s}`),
    );
    expect(bad).toEqual([]);
  });

  it('nothing in the project reads the shared folder beside this checkout (a clone elsewhere has none)', () => {
    const notOurs = new Set(['node_modules', '.git', 'dist', 'assay-demo', 'evidence', 'coverage']);
    const walk = (dir: string): string[] =>
      readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
        const rel = path.join(dir, e.name);
        // node_modules anywhere (infra/ has its own), the rest only at the top.
        if (e.isDirectory())
          return e.name === 'node_modules' || (dir === '' && notOurs.has(e.name)) || e.name === 'cdk.out'
            ? []
            : walk(rel);
        return e.isFile() && !e.name.endsWith('.md') ? [rel] : [];
      });
    const files = walk('');
    const pattern = new RegExp(['\\.\\./shared', 'shared' + '/specs', 'shared' + '/controls'].join('|'));
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((f) => pattern.test(readFileSync(path.join(root, f), 'latin1')))).toEqual([]);
  });
});
