import { parseArgs } from 'node:util';

export const BENCH_USAGE = `Measures a whole assay run against the simulated organization: wall time, CPU, peak memory, HTTP requests.

Usage: npm run bench -- [options]
  --orgs N           GitHub organizations (default 2)
  --members N        members per organization (default 200)
  --repos N          repositories per organization (default 50)
  --accounts N       AWS accounts (default 3)
  --aws-users N      IAM users per account (default 200)
  --google-users N   Google Workspace users (default 500)
  --latency MS       simulated latency per request (default 0)
  --seed N           simulator seed (default 42)
  -h, --help         this text`;

export interface SimOptions {
  seed: number;
  githubOrgs: number;
  membersPerOrg: number;
  reposPerOrg: number;
  awsAccounts: number;
  awsUsersPerAccount: number;
  googleUsers: number;
  latencyMs: number;
}

export type BenchArgs = { kind: 'run'; sim: SimOptions } | { kind: 'help' } | { kind: 'usage-error'; message: string };

const OPTIONS = {
  orgs: { type: 'string', default: '2' },
  members: { type: 'string', default: '200' },
  repos: { type: 'string', default: '50' },
  accounts: { type: 'string', default: '3' },
  'aws-users': { type: 'string', default: '200' },
  'google-users': { type: 'string', default: '500' },
  latency: { type: 'string', default: '0' },
  seed: { type: 'string', default: '42' },
  help: { type: 'boolean', short: 'h' },
} as const;

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
        latencyMs: count('latency', 0),
      },
    };
  } catch (e) {
    return { kind: 'usage-error', message: (e as RangeError).message };
  }
}
