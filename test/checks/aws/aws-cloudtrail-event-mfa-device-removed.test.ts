import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/aws-cloudtrail-event-mfa-device-removed.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { ACCOUNT, WINDOW_TEXT, event, lookupFailed, scope, window } from './aws-logs-fixtures.js';

const run = (events: unknown[]) =>
  evaluate(check, { scope, data: { 'aws-cloudtrail.mfaDeviceEvents': window(events as never) } });

describe('aws-cloudtrail-event-mfa-device-removed', () => {
  it('passes when no device was removed (a refused attempt changes nothing)', () => {
    const fs = run([
      event('e1', {
        eventName: 'DeactivateMFADevice',
        errorCode: 'AccessDenied',
        requestParameters: { userName: 'bob', serialNumber: 'x' },
      }),
    ]);
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual([`No MFA device was deactivated or deleted in account ${ACCOUNT} ${WINDOW_TEXT}.`]);
  });

  it('fails each deactivation and deletion', () => {
    const serial = `arn:aws:iam::${ACCOUNT}:mfa/bob`;
    const fs = run([
      event('e1', { eventName: 'DeactivateMFADevice', requestParameters: { userName: 'bob', serialNumber: serial } }),
      event('e2', {
        eventName: 'DeleteVirtualMFADevice',
        eventTime: '2026-11-23T08:01:00.000Z',
        requestParameters: { serialNumber: serial },
      }),
    ]);
    expect(statuses(fs)).toEqual(['fail', 'fail']);
    expect(messages(fs)).toEqual([
      `MFA device ${serial} of user bob was deactivated by arn:aws:iam::${ACCOUNT}:user/alice from 203.0.113.7 at 2026-11-23T08:00:00.000Z.`,
      `MFA device ${serial} was deleted by arn:aws:iam::${ACCOUNT}:user/alice from 203.0.113.7 at 2026-11-23T08:01:00.000Z.`,
    ]);
  });

  it('is an error naming the call when LookupEvents failed', () => {
    const fs = evaluate(check, { scope, missing: { 'aws-cloudtrail.mfaDeviceEvents': lookupFailed } });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'Could not evaluate: cloudtrail:LookupEvents failed (ThrottlingException: Rate exceeded).',
    ]);
  });
});
