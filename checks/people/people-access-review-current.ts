import { defineCheck, scopeResource } from '../../src/model/check.js';

const DAY_MS = 86_400_000;
const day = (iso: string) => iso.slice(0, 10);

/**
 * A campaign counts once every item in it is decided (keep, revoke or change), and only within `periodDays` of the
 * decision that completed it: a started but unfinished review is not a review.
 */
export default defineCheck({
  id: 'people-access-review-current',
  title: 'A complete access review campaign was completed within the review period',
  severity: 'medium',
  rationale:
    'ISO/IEC 27001 5.18 and 8.2 require access rights, privileged ones above all, to be reviewed at planned intervals by the people accountable for them; an unfinished campaign leaves access nobody vouched for.',
  remediation:
    'Start a campaign with assay access-review start --period PERIOD, have each reviewer decide every row, and store the decisions with assay access-review record --file decisions.csv.',
  requires: ['access-review.state'],
  controls: ['iso27001:5.18', 'iso27001:8.2', 'iso42001:A.3.2'],
  evaluate(data, { scope, now }) {
    const state = data['access-review.state'];
    const resource = scopeResource(scope, 'organization');
    const newest = state.campaigns.at(-1);
    if (!newest)
      return [
        {
          status: 'fail',
          resource,
          message:
            'No access review campaign is in the evidence store: start one with assay access-review start --period PERIOD.',
        },
      ];
    const since = now.getTime() - state.periodDays * DAY_MS;
    const current = state.campaigns.findLast((c) => c.completedAt !== undefined && Date.parse(c.completedAt) >= since);
    if (current)
      return [
        {
          status: 'pass',
          resource,
          message: `Access review campaign ${current.id} (record #${current.seq}) was completed on ${day(current.completedAt!)}: all ${current.items} items decided, within the ${state.periodDays}-day period.`,
          observed: { campaign: current },
        },
      ];
    const missing = newest.completedAt
      ? `was completed on ${day(newest.completedAt)}, ${Math.floor((now.getTime() - Date.parse(newest.completedAt)) / DAY_MS)} days ago`
      : `has ${newest.items - newest.decided} of ${newest.items} items undecided (${newest.undecided.join(', ')}${newest.items - newest.decided > newest.undecided.length ? ', …' : ''})`;
    return [
      {
        status: 'fail',
        resource,
        message: `No access review campaign was completed in the last ${state.periodDays} days: the newest, ${newest.id} (record #${newest.seq}, started ${day(newest.at)}), ${missing}.`,
        observed: { campaign: newest },
      },
    ];
  },
});
