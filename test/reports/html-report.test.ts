import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/reports/html-report.js';
import type { Finding } from '../../src/model/finding.js';

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

describe('html report', () => {
  const html = renderHtmlReport({
    runId: 'r1',
    startedAt: new Date('2026-11-23T12:00:00Z'),
    finishedAt: new Date('2026-11-23T12:00:05Z'),
    toolVersion: '0.1.0',
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
    changes: { new: [], resolved: [], stillFailing: 0 },
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
    const page = renderHtmlReport({
      runId: 'r2',
      startedAt: new Date('2026-11-23T12:00:00Z'),
      finishedAt: new Date('2026-11-23T12:00:05Z'),
      toolVersion: '0.1.0',
      findings: [excepted, finding('fail', 'Failing.')],
      collectors: [],
      changes: { new: [], resolved: [], stillFailing: 0 },
    });
    expect(page).toContain('≈ 1 excepted');
    expect(page).toContain('<h2>Open findings (1)</h2>');
    expect(page).toContain('<h2>Excepted findings (1)</h2>');
    expect(page).toContain(
      '<td>legacy-&lt;bot&gt;</td>\n<td>legacy-bot</td><td>ciso@example.com</td><td>2027-01-31</td><td>https://tracker.example.com/SEC-1</td>',
    );
  });
});
