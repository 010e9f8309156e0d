/**
 * Enough of Docker's build semantics to say which files end up in the image without a Docker engine: the build
 * context after .dockerignore (last matching pattern wins, `!` re-includes, a directory pattern covers its contents),
 * each stage's COPY instructions, and `npm run build` turning the TypeScript the build stage holds into dist/.
 */
import path from 'node:path';

export interface Instruction {
  op: string;
  args: string;
}

export interface Stage {
  name: string;
  from: string;
  instructions: Instruction[];
}

export function parseDockerfile(text: string): Stage[] {
  const lines = text.replace(/\\\n/g, ' ').split('\n');
  const stages: Stage[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [, op = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (op.toUpperCase() === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      stages.push({ from: m?.[1] ?? args, name: m?.[2] ?? String(stages.length), instructions: [] });
    } else stages.at(-1)?.instructions.push({ op: op.toUpperCase(), args });
  }
  return stages;
}

const globToRegExp = (glob: string): RegExp =>
  new RegExp(
    `^${glob
      .split('**')
      .map((part) =>
        part
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '[^/]*')
          .replace(/\?/g, '[^/]'),
      )
      .join('.*')}$`,
  );

/** Whether .dockerignore leaves `file` (a path relative to the context) in the build context. */
export function inContext(file: string, dockerignore: string): boolean {
  const patterns = dockerignore
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  let included = true;
  const parts = file.split('/');
  const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  for (const p of patterns) {
    const negated = p.startsWith('!');
    const re = globToRegExp(path.posix.normalize(p.replace(/^!/, '')).replace(/\/$/, ''));
    if (prefixes.some((x) => re.test(x))) included = negated;
  }
  return included;
}

/** The files each stage holds under its absolute paths, following COPY (context or `--from`) and `npm run build`. */
export function stageFiles(stages: Stage[], context: readonly string[]): Map<string, Set<string>> {
  const result = new Map<string, Set<string>>();
  for (const stage of stages) {
    const files = new Set<string>();
    let workdir = '/';
    for (const { op, args } of stage.instructions) {
      if (op === 'WORKDIR') workdir = path.posix.resolve(workdir, args);
      if (op === 'COPY') {
        const words = args.split(/\s+/);
        const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
        const paths = words.filter((w) => !w.startsWith('--'));
        const rawDest = paths.pop()!;
        const dest = path.posix.resolve(workdir, rawDest);
        const intoDir = rawDest.endsWith('/') || rawDest === '.' || paths.length > 1;
        const source = from ? [...(result.get(from) ?? [])] : context.map((f) => `/${f}`);
        for (const src of paths) {
          const abs = path.posix.resolve('/', src);
          for (const f of source) {
            if (f === abs) files.add(intoDir ? `${dest}/${path.posix.basename(f)}` : dest);
            else if (f.startsWith(`${abs}/`)) files.add(`${dest}/${f.slice(abs.length + 1)}`);
          }
        }
      }
      if (op === 'RUN' && /\bnpm run build\b/.test(args))
        for (const f of [...files])
          if (f.startsWith(`${workdir}/`) && f.endsWith('.ts') && !f.endsWith('.d.ts'))
            files.add(`${workdir}/dist/${f.slice(workdir.length + 1).replace(/\.ts$/, '.js')}`);
      if (op === 'RUN' && /\bnpm ci\b/.test(args) && files.has(`${workdir}/package-lock.json`))
        files.add(`${workdir}/node_modules/.package-lock.json`);
      if (op === 'RUN' && /\bmkdir -p\b/.test(args))
        for (const dir of args.split(/\s+/).filter((w) => w.startsWith('/'))) files.add(`${dir}/.keep`);
    }
    result.set(stage.name, files);
  }
  return result;
}
