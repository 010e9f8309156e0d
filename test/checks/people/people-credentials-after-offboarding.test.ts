import { describe, expect, it } from 'vitest';
import check from '../../../checks/people/people-credentials-after-offboarding.js';
import { evaluate, statuses } from '../../support/check-harness.js';
import { ACCOUNT, at, email, failed, graphFailed, input, scenario } from './people-check-fixtures.js';

describe('people-credentials-after-offboarding', () => {
  it('fails the key used after its holder left and passes the other leavers', () => {
    const fs = evaluate(check, input(scenario()));
    expect(fs.map((f) => [f.resource.id, f.status])).toEqual([
      [email('fresh'), 'pass'],
      [email('gone'), 'pass'],
      [`${ACCOUNT}/arn:aws:iam::${ACCOUNT}:user/leaver`, 'fail'],
    ]);
    expect(fs[2]!.message).toBe(
      `IAM user leaver in ${ACCOUNT} of ${email('leaver')} (offboarded ${at(50)} (Workspace admin event SUSPEND_USER by ${email('admin')})) was used after the offboarding: access key 1 last used ${at(10)} (still active).`,
    );
    expect(fs[2]!.severity).toBe('critical');
    expect(fs[0]!.message).toBe(
      `No use of ${email('fresh')}'s 0 linked IAM users after the offboarding (${at(2)}) in the credential report; CloudTrail was not configured.`,
    );
  });

  it('is an error when IAM could not be read', () => {
    const fs = evaluate(
      check,
      input(scenario({ iamMissing: { 'aws-iam.credentialReport': failed('iam:GetCredentialReport') } })),
    );
    expect(statuses(fs)).toEqual(['error', 'error', 'error']);
    expect(fs[2]!.message).toBe(
      `Use of ${email('leaver')}'s credentials after the offboarding cannot be ruled out: AWS IAM ${ACCOUNT} (iam:GetCredentialReport: HTTP 403 forbidden) was not read.`,
    );
  });

  it('is an error when the identity graph is missing', () => {
    expect(statuses(evaluate(check, graphFailed))).toEqual(['error']);
  });
});
