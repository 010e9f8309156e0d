import { parseArgs } from 'node:util';

/** What the Dockerfile sets in NODE_OPTIONS: a bounded old space and small young-generation semi-spaces. */
export const CONTAINER_NODE_FLAGS = '--max-old-space-size=160 --max-semi-space-size=2';

export const BENCH_USAGE = `Measures a whole assay run against the simulated organization: wall time, CPU, peak memory, HTTP requests.

Each collector's requests are set against its paging minimum and its wall time against the latency lower bound.

Usage: npm run bench -- [options]
  --orgs N           GitHub organizations (default 1)
  --members N        members per organization (default 2000)
  --repos N          repositories per organization (default 3000)
  --accounts N       AWS accounts (default 10)
  --aws-users N      IAM users per account (default 1000)
  --google-users N   Google Workspace users (default 20000)
  --identity-center-users N
                     IAM Identity Center users, provisioned from the Workspace people (default 2000)
  --latency MS       simulated latency per request (default 100)
  --seed N           simulator seed (default 42)
  --token-inventory on|off
                     list every Workspace user's OAuth tokens on this first run (default on, as the demo config
                     does; paced at 1,200 listings a minute, it alone takes 16 minutes at 20,000 users)
  --node-flags=TEXT  V8 flags of the measured process (default: the container's NODE_OPTIONS,
                     '${CONTAINER_NODE_FLAGS}'; --node-flags= for Node's own defaults)
  --alone on|off     also run each collector alone, in a fresh process with a fresh simulator, to time it without
                     the other collectors' CPU beside it on a small machine (default on)
  --scale LIST       size factors, comma-separated, each run in a fresh process (default 1; e.g. 1,2,4):
                     members, repositories, IAM, Workspace and Identity Center users are multiplied, organizations and accounts not
  --out FILE         also write the results as Markdown to FILE (e.g. bench/results.md)
  -h, --help         this text`;

export interface SimOptions {
  seed: number;
  githubOrgs: number;
  membersPerOrg: number;
  reposPerOrg: number;
  awsAccounts: number;
  awsUsersPerAccount: number;
  googleUsers: number;
  identityCenterUsers: number;
  latencyMs: number;
  tokenInventory: boolean;
}

export type BenchArgs =
  | { kind: 'run'; sim: SimOptions; scales: number[]; out: string | undefined; nodeFlags: string[]; alone: boolean }
  | { kind: 'help' }
  | { kind: 'usage-error'; message: string };

const OPTIONS = {
  orgs: { type: 'string', default: '1' },
  members: { type: 'string', default: '2000' },
  repos: { type: 'string', default: '3000' },
  accounts: { type: 'string', default: '10' },
  'aws-users': { type: 'string', default: '1000' },
  'google-users': { type: 'string', default: '20000' },
  'identity-center-users': { type: 'string', default: '2000' },
  latency: { type: 'string', default: '100' },
  scale: { type: 'string', default: '1' },
  out: { type: 'string' },
  seed: { type: 'string', default: '42' },
  'token-inventory': { type: 'string', default: 'on' },
  alone: { type: 'string', default: 'on' },
  'node-flags': { type: 'string', default: CONTAINER_NODE_FLAGS },
  help: { type: 'boolean', short: 'h' },
} as const;

function scaleList(text: string): number[] {
  const scales = text.split(',').map((t) => Number(t.trim()));
  if (text.trim() === '' || scales.some((n) => !Number.isFinite(n) || n <= 0))
    throw new RangeError(`--scale: expected positive numbers separated by commas, got '${text}'`);
  return scales;
}

/** The simulator's sizes at `factor` × these: per-entity counts grow, organizations and accounts stay (the simulator needs 12 repositories and 40 users). */
export function scaleSim(sim: SimOptions, factor: number): SimOptions {
  const times = (n: number, min: number) => Math.max(min, Math.round(n * factor));
  return {
    ...sim,
    membersPerOrg: times(sim.membersPerOrg, 1),
    reposPerOrg: times(sim.reposPerOrg, 12),
    awsUsersPerAccount: times(sim.awsUsersPerAccount, 1),
    googleUsers: times(sim.googleUsers, 40),
    identityCenterUsers: times(sim.identityCenterUsers, 1),
  };
}

function nodeFlags(text: string): string[] {
  const flags = text.split(/\s+/).filter((f) => f !== '');
  const bad = flags.find((f) => !/^--[a-z0-9-]+(=[\w./-]+)?$/.test(f));
  if (bad !== undefined)
    throw new RangeError(`--node-flags: expected flags like --max-old-space-size=160, got '${bad}'`);
  return flags;
}

function onOff(name: string, text: string): boolean {
  if (text === 'on' || text === 'off') return text === 'on';
  throw new RangeError(`--${name}: expected on or off, got '${text}'`);
}

/** The bench's command line: options, `--help`, or what was wrong with them (never a parseArgs stack). */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  let values;
  try {
    ({ values } = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (e) {
    return { kind: 'usage-error', message: e instanceof Error ? e.message : String(e) };
  }
  if (values.help) return { kind: 'help' };
  const count = (name: keyof typeof OPTIONS, min: number): number => {
    const text = values[name] as string;
    const n = Number(text);
    if (text.trim() === '' || !Number.isInteger(n) || n < min)
      throw new RangeError(`--${name}: expected an integer of at least ${min}, got '${text}'`);
    return n;
  };
  try {
    return {
      kind: 'run',
      sim: {
        seed: count('seed', 0),
        githubOrgs: count('orgs', 1),
        membersPerOrg: count('members', 1),
        reposPerOrg: count('repos', 1),
        awsAccounts: count('accounts', 1),
        awsUsersPerAccount: count('aws-users', 1),
        googleUsers: count('google-users', 1),
        identityCenterUsers: count('identity-center-users', 1),
        latencyMs: count('latency', 0),
        tokenInventory: onOff('token-inventory', values['token-inventory']),
      },
      scales: scaleList(values.scale),
      out: values.out,
      nodeFlags: nodeFlags(values['node-flags']),
      alone: onOff('alone', values.alone),
    };
  } catch (e) {
    return { kind: 'usage-error', message: (e as RangeError).message };
  }
}
