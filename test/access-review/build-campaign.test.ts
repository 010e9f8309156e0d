import { describe, expect, it } from 'vitest';
import { buildCampaign } from '../../src/access-review/build-campaign.js';
import { reviewerCsv, reviewerHtml, reviewersOf } from '../../src/access-review/campaign-files.js';
import type { PeopleGraph } from '../../src/model/datasets/people.js';
import { ACCOUNT, email, scenario } from '../checks/people/people-check-fixtures.js';

const RUN = { runId: 'r1', sequence: 1, sha256: 'a'.repeat(64) };
const REVIEW = { periodDays: 90, reviewers: { github: 'gh-owner@example.com' }, defaultReviewer: 'ciso@example.com' };

const campaign = (id: string, graph: PeopleGraph, previous?: ReturnType<typeof buildCampaign>) =>
  buildCampaign({ id, period: id, graph, graphRun: RUN, config: REVIEW, previous });

describe('access review campaigns', () => {
  it('assigns each item to the manager, else the system owner, else the default reviewer; all NEW at first', () => {
    const g = scenario();
    const withManager: PeopleGraph = {
      ...g,
      persons: g.persons.map((p) => (p.email === email('cto') ? { ...p, manager: email('ceo') } : p)),
    };
    const c = campaign('2026Q3', withManager);
    expect(c.previous).toBeUndefined();
    expect(new Set(c.items.map((i) => i.mark))).toEqual(new Set(['NEW']));
    const byId = (id: string) => c.items.find((i) => i.id === id)!;
    expect(byId('github:acme:cto-gh').reviewer).toBe(email('ceo'));
    expect(byId('github:acme:ceo-gh').reviewer).toBe('gh-owner@example.com');
    expect(byId(`aws-iam:${ACCOUNT}:arn:aws:iam::${ACCOUNT}:user/ceo`).reviewer).toBe('ciso@example.com');
    expect(reviewersOf(c)).toContain(email('ceo'));
  });

  it('marks NEW, REMOVED and CHANGED against the previous campaign and leaves the rest unmarked', () => {
    const g = scenario();
    const first = campaign('2026Q3', g);
    const next: PeopleGraph = {
      ...g,
      accounts: [
        ...g.accounts.filter((a) => a.id !== 'leaver-gh').map((a) => (a.id === 'ceo-gh' ? { ...a, admin: [] } : a)),
        { ...g.accounts.find((a) => a.id === 'ceo-gh')!, id: 'newbie-gh', name: 'newbie-gh', person: undefined },
      ],
    };
    const second = campaign('2026Q4', next, first);
    expect(second.previous).toBe('2026Q3');
    const marked = second.items.filter((i) => i.mark !== 'UNCHANGED').map((i) => [i.id, i.mark, i.changes]);
    expect(marked).toEqual([
      ['github:acme:ceo-gh', 'CHANGED', ['admin GitHub org owner of acme → none']],
      ['github:acme:newbie-gh', 'NEW', []],
    ]);
    expect(second.removed.map((i) => i.id)).toEqual(['github:acme:leaver-gh']);
    expect(second.items.length).toBe(first.items.length);
  });

  it('writes a CSV reviewers fill in and a self-contained, escaped HTML page', () => {
    const g = scenario();
    const c = campaign('2026Q4', {
      ...g,
      accounts: g.accounts.map((a) => (a.id === 'ceo-gh' ? { ...a, name: '=HYPERLINK("x")<b>' } : a)),
    });
    const csv = reviewerCsv(c, 'gh-owner@example.com');
    expect(csv.split('\n')[0]).toBe(
      'campaign,item,reviewer,person,person_state,system,scope,account,name,access,admin,last_used,mark,changes,decision,decided_by,decided_at,note',
    );
    expect(csv).toContain(
      `2026Q4,github:acme:ceo-gh,gh-owner@example.com,${email('ceo')},active,github,acme,ceo-gh,"'=HYPERLINK(""x"")<b>"`,
    );
    const html = reviewerHtml(c, 'gh-owner@example.com');
    expect(html).toContain('=HYPERLINK(&quot;x&quot;)&lt;b&gt;');
    expect(html).not.toMatch(/<(script|link|img)\b/);
  });
});
