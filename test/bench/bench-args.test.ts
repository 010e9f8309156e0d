import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BENCH_USAGE, parseBenchArgs, scaleSim, type SimOptions } from '../../bench/bench-args.js';

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

  it('parses sizes, with the documented defaults: the large organization, 100 ms a request', () => {
    expect(parseBenchArgs(['--orgs', '2', '--google-users', '500', '-h'])).toEqual({ kind: 'help' });
    expect(parseBenchArgs(['--orgs', '2', '--google-users', '500'])).toEqual({
      kind: 'run',
      sim: {
        seed: 42,
        githubOrgs: 2,
        membersPerOrg: 2000,
        reposPerOrg: 3000,
        awsAccounts: 10,
        awsUsersPerAccount: 1000,
        googleUsers: 500,
        identityCenterUsers: 2000,
        latencyMs: 100,
        tokenInventory: true,
      },
      scales: [1],
      out: undefined,
      nodeFlags: ['--max-old-space-size=160', '--max-semi-space-size=2'],
      alone: true,
    });
  });

  it("turns the token inventory off and sets or lifts the measured process's V8 flags", () => {
    expect(parseBenchArgs(['--token-inventory', 'off', '--node-flags='])).toMatchObject({
      kind: 'run',
      sim: { tokenInventory: false },
      nodeFlags: [],
    });
    expect(parseBenchArgs(['--node-flags=--max-old-space-size=96 && rm'])).toEqual({
      kind: 'usage-error',
      message: "--node-flags: expected flags like --max-old-space-size=160, got '&&'",
    });
    expect(parseBenchArgs(['--alone', 'off', '--node-flags=--cpu-prof-dir=/tmp/prof'])).toMatchObject({
      alone: false,
      nodeFlags: ['--cpu-prof-dir=/tmp/prof'],
    });
    expect(parseBenchArgs(['--token-inventory', 'maybe'])).toEqual({
      kind: 'usage-error',
      message: "--token-inventory: expected on or off, got 'maybe'",
    });
  });

  it('reads a scale series and an output file, and scales per-entity sizes only', () => {
    const args = parseBenchArgs(['--scale', '1, 2,4', '--out', 'bench/results.md']);
    expect(args).toMatchObject({ kind: 'run', scales: [1, 2, 4], out: 'bench/results.md' });
    expect(parseBenchArgs(['--scale', '1,0'])).toEqual({
      kind: 'usage-error',
      message: "--scale: expected positive numbers separated by commas, got '1,0'",
    });
    const sim = (args as { sim: SimOptions }).sim;
    expect(scaleSim(sim, 4)).toEqual({
      ...sim,
      membersPerOrg: 8000,
      reposPerOrg: 12000,
      awsUsersPerAccount: 4000,
      googleUsers: 80000,
      identityCenterUsers: 8000,
    });
    expect(scaleSim(sim, 0.001)).toMatchObject({ githubOrgs: 1, awsAccounts: 10, reposPerOrg: 12, googleUsers: 40 });
  });
});
