import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BENCH_USAGE, parseBenchArgs } from '../../bench/bench-args.js';

const run = promisify(execFile);

describe('bench arguments', () => {
  it('answers --help with the usage, before starting anything', async () => {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--help'], {
      timeout: 20_000,
    });
    expect(stdout.trim()).toBe(BENCH_USAGE);
    expect(stderr).toBe('');
  });

  it('reports an unknown option or a bad number with the usage, exit 2, no stack', async () => {
    const failed = await run(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--frobnicate'], {
      timeout: 20_000,
    }).catch((e: unknown) => e as { code: number; stderr: string });
    expect(failed).toMatchObject({ code: 2 });
    const { stderr } = failed as { stderr: string };
    expect(stderr).toContain("Unknown option '--frobnicate'");
    expect(stderr).toContain('Usage: npm run bench');
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(parseBenchArgs(['--repos', 'many'])).toEqual({
      kind: 'usage-error',
      message: "--repos: expected an integer of at least 1, got 'many'",
    });
  });

  it('parses sizes, with the documented defaults', () => {
    expect(parseBenchArgs(['--orgs', '1', '--google-users', '20000', '-h'])).toEqual({ kind: 'help' });
    expect(parseBenchArgs(['--orgs', '1', '--google-users', '20000'])).toEqual({
      kind: 'run',
      sim: {
        seed: 42,
        githubOrgs: 1,
        membersPerOrg: 200,
        reposPerOrg: 50,
        awsAccounts: 3,
        awsUsersPerAccount: 200,
        googleUsers: 20000,
        latencyMs: 0,
      },
    });
  });
});
