import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { parse } from 'yaml';
import { inContext, parseDockerfile, stageFiles } from './dockerfile-model.js';

const read = (f: string): string => readFileSync(new URL(`../../${f}`, import.meta.url), 'utf8');
const repoFiles = (): string[] =>
  execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: new URL('../..', import.meta.url),
    encoding: 'utf8',
  })
    .split('\n')
    .filter((f) => f !== '');

/** What the program reads at run time, relative to /app: its entry, the package (module type, version), its deps. */
const RUNTIME = [
  '/app/package.json',
  '/app/dist/src/cli.js',
  '/app/dist/src/version.js',
  '/app/dist/checks/index.js',
  '/app/dist/checks/controls/catalog.js',
  '/app/dist/collectors/index.js',
  '/app/dist/sim/organization.js',
  '/app/node_modules/.package-lock.json',
];

function image(dockerfile: string, dockerignore: string) {
  const files = repoFiles();
  const context = files.filter((f) => inContext(f, dockerignore));
  const stages = parseDockerfile(dockerfile);
  const runtime = stageFiles(stages, context).get(stages.at(-1)!.name)!;
  return { context, stages, runtime };
}

describe('the container image', () => {
  const dockerfile = read('Dockerfile');
  const dockerignore = read('.dockerignore');

  it('holds every file the program reads at run time', () => {
    const { runtime } = image(dockerfile, dockerignore);
    expect(RUNTIME.filter((f) => !runtime.has(f))).toEqual([]);
  });

  it('fails when a COPY the runtime needs is dropped, or .dockerignore hides a source', () => {
    const noChecks = image(dockerfile.replace('COPY checks ./checks\n', ''), dockerignore).runtime;
    expect(RUNTIME.filter((f) => !noChecks.has(f))).toEqual(
      expect.arrayContaining(['/app/dist/checks/controls/catalog.js']),
    );
    const noPackage = image(dockerfile.replace(/\nCOPY package\.json \.\/\n/, '\n'), dockerignore).runtime;
    expect(noPackage.has('/app/package.json')).toBe(false);
    const hidden = image(dockerfile, `${dockerignore}\ncollectors/index.ts\n`).runtime;
    expect(hidden.has('/app/dist/collectors/index.js')).toBe(false);
  });

  it('builds from a context without secrets, evidence, dependencies or history', () => {
    const { context } = image(dockerfile, dockerignore);
    expect(
      context.filter((f) => /^(\.env|evidence\/|assay-demo\/|node_modules\/|dist\/|\.git\/|infra\/|test\/)/.test(f)),
    ).toEqual([]);
    expect(inContext('.env', dockerignore)).toBe(false);
    expect(inContext('assay.yaml', dockerignore)).toBe(false);
    expect(inContext('evidence/chain/00000001.json', dockerignore)).toBe(false);
    expect(inContext('src/cli.ts', dockerignore)).toBe(true);
  });

  it('runs Node 22 as a non-root user, with production dependencies only and no secret in the image', () => {
    const stages = parseDockerfile(dockerfile);
    const last = stages.at(-1)!;
    expect(last.from).toMatch(/nodejs22|node:22/);
    expect(stages.every((s) => /node(js)?:?22|nodejs22/.test(s.from))).toBe(true);
    const user = last.instructions.filter((i) => i.op === 'USER').at(-1);
    expect(user?.args).toMatch(/^(nonroot|65532|node)$/);
    const deps = stages.find((s) => s.instructions.some((i) => i.op === 'RUN' && /npm ci --omit=dev/.test(i.args)));
    expect(deps).toBeDefined();
    expect(last.instructions.find((i) => i.op === 'COPY' && i.args.includes('/app/node_modules'))?.args).toContain(
      `--from=${deps!.name}`,
    );
    for (const s of stages)
      for (const i of s.instructions.filter((x) => x.op === 'ENV' || x.op === 'ARG'))
        expect(i.args).not.toMatch(/token|secret|password|key/i);
    expect(last.instructions.find((i) => i.op === 'ENTRYPOINT')?.args).toContain('/app/dist/src/cli.js');
  });

  it('ships a CronJob that never overlaps runs, on a read-only root filesystem, non-root, secrets from a Secret', () => {
    const docs = read('infra/kubernetes/cronjob.yaml')
      .split(/^---$/m)
      .map((d) => parse(d) as { kind: string; spec?: Record<string, unknown>; stringData?: unknown });
    const cron = docs.find((d) => d.kind === 'CronJob') as unknown as {
      spec: {
        concurrencyPolicy: string;
        jobTemplate: { spec: { template: { spec: Record<string, unknown> } } };
      };
    };
    expect(cron.spec.concurrencyPolicy).toBe('Forbid');
    const pod = cron.spec.jobTemplate.spec.template.spec as {
      securityContext: { runAsNonRoot: boolean };
      containers: Array<{
        securityContext: { readOnlyRootFilesystem: boolean; allowPrivilegeEscalation: boolean };
        envFrom: Array<{ secretRef?: { name: string } }>;
        volumeMounts: Array<{ mountPath: string }>;
        env?: unknown;
      }>;
    };
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    const [c] = pod.containers;
    expect(c!.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(c!.envFrom.some((e) => e.secretRef?.name === 'assay-secrets')).toBe(true);
    expect(c!.env).toBeUndefined();
    expect(c!.volumeMounts.map((m) => m.mountPath)).toContain('/data');
    expect(docs.find((d) => d.kind === 'Secret')?.stringData).toEqual({});
  });
});
