import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderHtmlReport, type ReportInput } from '../../src/reports/html-report.js';
import type { Finding } from '../../src/model/finding.js';
import { controlCatalog } from '../../checks/controls/catalog.js';

const finding = (status: Finding['status'], message: string, severity: Finding['severity'] = 'high'): Finding => ({
  key: `c|s|${message}`,
  checkId: 'github-org-2fa-required',
  checkVersion: 1,
  title: 'T',
  status,
  severity,
  scope: { kind: 'github-org', id: 'acme' },
  resource: { type: 'github-user', id: 'x' },
  message,
  observed: {},
  controls: ['iso27001:5.17'],
});

const base: ReportInput = {
  runId: 'r1',
  startedAt: new Date('2026-11-23T12:00:00Z'),
  finishedAt: new Date('2026-11-23T12:00:05Z'),
  toolVersion: '0.1.0',
  findings: [],
  collectors: [],
  changes: { new: [], resolved: [], stillFailing: 0 },
};

describe('html report', () => {
  const html = renderHtmlReport({
    ...base,
    findings: [
      finding('fail', 'Member <script>alert(1)</script> has no 2FA.', 'medium'),
      finding('error', 'Could not evaluate.', 'critical'),
      finding('pass', 'Fine.'),
    ],
    collectors: [
      {
        collector: 'github',
        scopes: 1,
        requests: 7,
        failedOperations: ['GET /orgs/{org}'],
        durationMs: 1200,
        timedOut: false,
        cursors: {},
      },
    ],
  });

  it('escapes everything that came from a source', () => {
    expect(html).not.toContain('<script>');
    expect(html).toContain('Member &lt;script&gt;alert(1)&lt;/script&gt; has no 2FA.');
  });

  it('shows totals, sources with failed operations, and open findings worst first', () => {
    expect(html).toContain('✔ 1 pass</span><span>✘ 1 fail</span><span>⚠ 1 error');
    expect(html).toContain('<td>github</td><td>1</td><td>7</td><td>1.2 s</td><td>GET /orgs/{org}</td>');
    expect(html).toContain('<h2>Open findings (2)</h2>');
    expect(html.indexOf('Could not evaluate.')).toBeLessThan(html.indexOf('has no 2FA.'));
  });

  it('groups open findings by severity then source, each a details element carrying its filter attributes', () => {
    expect(html).toContain(
      '<details class="group" data-severity-group="critical" open><summary>critical (1)</summary>',
    );
    expect(html).toContain('<details class="group" data-severity-group="medium" open><summary>medium (1)</summary>');
    expect(html).toMatch(
      /<details class="finding fail" id="f-[0-9a-f]{16}" data-severity="medium" data-source="github"/,
    );
    expect(html).toContain('<h4>github (1)</h4>');
    expect(html).toContain('<tr><td>critical</td><td>1</td><td>0</td><td>0</td><td>0</td></tr>');
    expect(html).toContain('body:has(#flt-sev-medium:not(:checked)) .finding[data-severity="medium"]{display:none}');
  });

  it('allows no script, and its stylesheet by hash', () => {
    const style = /<style>([\s\S]*)<\/style>/.exec(html)![1]!;
    const hash = createHash('sha256').update(style).digest('base64');
    expect(html).toContain(`content="default-src 'none'; style-src 'sha256-${hash}'"`);
    expect(html).not.toMatch(/<script|\son[a-z]+=|\sstyle=/i);
  });

  it('lists excepted findings apart, with their exception, and counts them on their own', () => {
    const excepted: Finding = {
      ...finding('excepted', 'Accepted.'),
      key: 'c|s|excepted',
      resource: { type: 'github-user', id: 'legacy-<bot>' },
      exception: {
        id: 'legacy-bot',
        state: 'in_force',
        approvedBy: 'ciso@example.com',
        expires: '2027-01-31',
        ticket: 'https://tracker.example.com/SEC-1',
      },
    };
    const page = renderHtmlReport({ ...base, runId: 'r2', findings: [excepted, finding('fail', 'Failing.')] });
    expect(page).toContain('≈ 1 excepted');
    expect(page).toContain('<h2>Open findings (1)</h2>');
    expect(page).toContain('<h2>Excepted findings (1)</h2>');
    expect(page).toContain(
      '<td>legacy-&lt;bot&gt;</td>\n<td>legacy-bot</td><td>ciso@example.com</td><td>2027-01-31</td><td>https://tracker.example.com/SEC-1</td>',
    );
  });

  it('tells regressed findings (passing last run) from new ones, and lists the resolved', () => {
    const regressed = { ...finding('fail', 'Was fine.'), lifecycle: 'new' as const };
    const added = { ...finding('fail', 'Never seen.'), lifecycle: 'new' as const };
    const page = renderHtmlReport({
      ...base,
      findings: [regressed, added],
      changes: {
        new: [regressed, added],
        resolved: [{ ...finding('pass', 'Fixed now.'), key: 'gone' }],
        stillFailing: 0,
      },
      previous: [
        { key: regressed.key, status: 'pass' },
        { key: 'gone', status: 'fail' },
      ],
    });
    expect(page).toContain('<p>1 new, 1 regressed, 1 resolved, 0 still failing.</p>');
    const section = (title: string) => page.split(`<h3>${title}`)[1]!.split('<h3>')[0]!;
    expect(section('New (1)')).toContain('Never seen.');
    expect(section('Regressed (1)')).toContain('Was fine.');
    expect(section('Regressed (1)')).not.toContain('Never seen.');
    expect(section('Resolved (1)')).toContain('Fixed now.');
  });

  it('carries a coverage matrix of every catalog control: automated, excepted, attested, attestation missing, manual', () => {
    const f = (checkId: string, status: Finding['status'], controls: string[]): Finding => ({
      ...finding(status, `${checkId} ${status}`),
      checkId,
      controls,
    });
    const page = renderHtmlReport({
      ...base,
      controls: controlCatalog,
      checks: [
        { id: 'github-org-2fa-required', title: 'T', remediation: 'R', controls: ['iso27001:5.17'] },
        { id: 'aws-x', title: 'T', remediation: 'R', controls: ['iso27001:8.5'] },
        { id: 'attestation-policy', title: 'T', remediation: 'R', controls: ['iso27001:5.1', 'iso42001:A.2.2'] },
        { id: 'attestation-training', title: 'T', remediation: 'R', controls: ['iso27001:6.3'] },
      ],
      findings: [
        f('github-org-2fa-required', 'fail', ['iso27001:5.17']),
        f('aws-x', 'excepted', ['iso27001:8.5']),
        f('attestation-policy', 'pass', ['iso27001:5.1', 'iso42001:A.2.2']),
        f('attestation-training', 'fail', ['iso27001:6.3']),
      ],
    });
    expect(page.match(/<tr class="cov-/g)).toHaveLength(131);
    expect(page).toContain('<h3>ISO/IEC 27001:2022 Annex A (93 controls)</h3>');
    expect(page).toContain('<h3>ISO/IEC 42001:2023 Annex A (38 controls)</h3>');
    const rowOf = (ref: string) => page.split(`data-control="${ref}">`)[1]!.split('</tr>')[0]!;
    expect(rowOf('iso27001:5.17')).toContain(
      '<td>automated</td><td><code>github-org-2fa-required</code></td>\n<td>0</td><td>1</td><td>0</td><td>0</td>',
    );
    expect(rowOf('iso27001:8.5')).toContain('<td>excepted</td>');
    expect(rowOf('iso27001:5.1')).toContain('<td>attested</td>');
    expect(rowOf('iso42001:A.2.2')).toContain('<td>attested</td>');
    expect(rowOf('iso27001:6.3')).toContain('<td>attestation missing/expired</td>');
    expect(rowOf('iso27001:5.2')).toContain('<td>manual — no evidence yet</td>');
    expect(page).toContain('89 manual — no evidence yet');
  });

  it('renders contributed sections with escaped titles and their own html, linked from the navigation', () => {
    const page = renderHtmlReport({
      ...base,
      sections: [
        { id: 'executives', title: 'Executives & <admins>', html: '<table class="x"><tr><td>1</td></tr></table>' },
      ],
    });
    expect(page).toContain(
      '<section id="section-executives"><h2>Executives &amp; &lt;admins&gt;</h2>\n<table class="x"><tr><td>1</td></tr></table>\n</section>',
    );
    expect(page).toContain('<a href="#section-executives">Executives &amp; &lt;admins&gt;</a>');
  });
});
