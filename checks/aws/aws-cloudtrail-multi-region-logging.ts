import { defineCheck, scopeResource } from '../../src/model/check.js';
import { describeFailure, isFailed, type CallFailure } from '../../src/model/datasets/aws-call-failure.js';
import { managementEventCoverage, type Trail } from '../../src/model/datasets/aws-cloudtrail.js';

interface Assessment {
  trail: Trail;
  /** Why it does not qualify; empty when it does (or might, see `unknown`). */
  gaps: string[];
  unknown: CallFailure[];
}

function assess(trail: Trail): Assessment {
  const gaps: string[] = [];
  const unknown: CallFailure[] = [];
  if (!trail.IsMultiRegionTrail) gaps.push('single-region');
  if (isFailed(trail.status)) unknown.push(trail.status.failed);
  else {
    if (!trail.status.IsLogging) gaps.push('not logging');
    // Logging on but delivery failing (bucket deleted, bucket or KMS key policy broken): nothing durable is written.
    if (trail.status.LatestDeliveryError) gaps.push(`failing to deliver logs (${trail.status.LatestDeliveryError})`);
  }
  if (isFailed(trail.selectors)) unknown.push(trail.selectors.failed);
  else {
    const { read, write, filtered } = managementEventCoverage(trail.selectors);
    // A source left out (KMS, RDS Data API) is a blind spot: those events are not "all management events".
    const only = filtered.length ? ` of some event sources only (${filtered.join('; ')})` : '';
    if (!read && !write) gaps.push(only ? `management events${only}` : 'no management events');
    else if (!read) gaps.push(`write management events only${only ? `; read events${only}` : ''}`);
    else if (!write) gaps.push(`read management events only${only ? `; write events${only}` : ''}`);
  }
  return { trail, gaps, unknown };
}

/**
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html
 * An organization trail of the management account counts for every member account it shows up in.
 */
export default defineCheck({
  id: 'aws-cloudtrail-multi-region-logging',
  title: 'A multi-region CloudTrail trail is logging read and write management events',
  severity: 'high',
  rationale:
    'Without a trail that covers every region and records both read and write management events, activity in an unwatched region or a reconnaissance phase leaves no durable record, and incidents cannot be reconstructed after the 90 days of event history.',
  remediation:
    'Create (or fix) a multi-region trail, ideally an organization trail, with management events set to read and write, and start logging: `aws cloudtrail create-trail --is-multi-region-trail …` then `aws cloudtrail start-logging`.',
  requires: ['aws-cloudtrail.trails'],
  controls: ['iso27001:8.15', 'iso27001:8.16'],
  evaluate(data, { scope }) {
    const resource = scopeResource(scope, 'aws-account');
    const all = data['aws-cloudtrail.trails'].map(assess);
    const summary = all.map((a) => ({
      name: a.trail.Name,
      arn: a.trail.TrailARN,
      homeRegion: a.trail.HomeRegion,
      gaps: a.gaps,
      ...(a.unknown.length ? { unknown: a.unknown.map((u) => u.operation) } : {}),
    }));
    const good = all.filter((a) => a.gaps.length === 0 && a.unknown.length === 0);
    if (good.length > 0) {
      const t = good[0]!.trail;
      return [
        {
          status: 'pass',
          resource,
          message: `Trail ${t.Name} (home region ${t.HomeRegion}${t.IsOrganizationTrail ? ', organization trail' : ''}) logs read and write management events in every region of account ${scope.id}.`,
          observed: { qualifying: good.map((a) => a.trail.TrailARN), trails: summary },
        },
      ];
    }
    const open = all.find((a) => a.gaps.length === 0 && a.unknown.length > 0);
    if (open) {
      return [
        {
          status: 'error',
          resource,
          message: `Could not confirm that trail ${open.trail.Name} logs management events in every region: ${describeFailure(open.unknown[0]!)}.`,
          observed: { trails: summary },
        },
      ];
    }
    return [
      {
        status: 'fail',
        resource,
        message:
          all.length === 0
            ? `Account ${scope.id} has no CloudTrail trail.`
            : `No trail of account ${scope.id} is a multi-region trail logging read and write management events (${all.map((a) => `${a.trail.Name}: ${a.gaps.join(', ')}`).join('; ')}).`,
        observed: { trails: summary },
      },
    ];
  },
});
