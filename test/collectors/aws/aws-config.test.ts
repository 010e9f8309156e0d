import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load-config.js';

const parse = (aws: string) =>
  parseConfig(`version: 1\nsources:\n  aws:\n${aws.replace(/^/gm, '    ')}\n`, 'assay.yaml', {});

describe('sources.aws', () => {
  it("has documented defaults: the credentials' own account, every enabled region, 4 accounts at once", () => {
    // No region list: the collectors read every region enabled for each account (account:ListRegions).
    expect(parse('accountConcurrency: 4').sources.aws!.regions).toBeUndefined();
    expect(parse('regions: [us-east-1]').sources.aws).toMatchObject({
      accounts: { mode: 'default' },
      regions: ['us-east-1'],
      accountConcurrency: 4,
      requestTimeoutSeconds: 30,
      maxAttempts: 5,
    });
    expect(parse('accounts: { mode: organization, roleName: AssayAudit }').sources.aws!.accounts).toEqual({
      mode: 'organization',
      roleName: 'AssayAudit',
      exclude: [],
    });
  });

  it('accepts break-glass roles by name, name with path, or role ARN, and names the key for anything else', () => {
    const roles = [
      'BreakGlass',
      'emergency/BreakGlass',
      '/emergency/BreakGlass',
      'arn:aws:iam::123456789012:role/emergency/BreakGlass',
      'arn:aws-us-gov:iam::123456789012:role/BreakGlass',
    ];
    expect(
      parse(`cloudtrail: { breakGlassRoles: [${roles.map((r) => JSON.stringify(r)).join(', ')}] }`).sources.aws!
        .cloudtrail.breakGlassRoles,
    ).toEqual(roles);
    const expected =
      'expected a role name (BreakGlass), a name with its path (emergency/BreakGlass) or a role ARN (arn:aws:iam::123456789012:role/emergency/BreakGlass)';
    for (const bad of [
      'arn:aws:iam::123456789012:user/alice',
      'arn:aws:iam::1:role/x',
      'Break Glass',
      'emergency//BreakGlass',
    ]) {
      expect(() => parse(`cloudtrail: { breakGlassRoles: [${JSON.stringify(bad)}] }`)).toThrow(
        `sources.aws.cloudtrail.breakGlassRoles[0]: ${expected}`,
      );
    }
  });

  it('names the key and what was expected', () => {
    expect(() => parse('accounts: { mode: list, roleName: AssayAudit, accounts: [{ id: 123 }] }')).toThrow(
      /assay\.yaml: sources\.aws\.accounts\.accounts\[0\]\.id: Invalid input: expected string, received number\n {2}example:\n {4}id: "123456789012"/,
    );
    expect(() =>
      parse('accounts: { mode: list, roleName: "arn:aws:iam::1:role/x", accounts: [{ id: "123456789012" }] }'),
    ).toThrow('sources.aws.accounts.roleName: expected an IAM role name such as AssayAudit (not an ARN)');
    expect(() => parse('regions: [europe]')).toThrow(
      'sources.aws.regions[0]: expected an AWS region such as us-east-1',
    );
    expect(() => parse('credentials: { accessKeyId: SIMakid, secretAccessKey: x }')).toThrow(
      'sources.aws.credentials.accessKeyId: Invalid input: expected object, received string',
    );
    expect(() => parse('accounts: { mode: org }')).toThrow('sources.aws.accounts.mode');
  });
});
