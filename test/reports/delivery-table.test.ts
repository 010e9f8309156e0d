import { describe, expect, it } from 'vitest';
import { deliverySection, deliverySummary } from '../../src/reports/delivery-table.js';
import { renderHtmlReport } from '../../src/reports/html-report.js';
import { summarizeChanges } from '../../src/engine/apply-history.js';
import type { Delivery } from '../../src/model/run.js';

const githubToken = ['gh', 'p_', 'A'.repeat(36)].join('');

const deliveries: Delivery[] = [
  {
    kind: 'alert',
    route: 'security-slack',
    channel: 'slack',
    status: 'delivered',
    attempts: 2,
    httpStatus: 200,
    findings: 12,
    idempotencyKey: 'run-1:security-slack',
  },
  {
    kind: 'alert',
    route: 'soc-webhook',
    channel: 'webhook',
    status: 'failed',
    attempts: 4,
    httpStatus: 500,
    findings: 1,
    error: `HTTP 500: upstream said <b>token ${githubToken}</b>`,
  },
  {
    kind: 'ticket',
    route: 'offboarding',
    channel: 'jira',
    status: 'delivered',
    attempts: 1,
    ticket: {
      key: 'offboarding|dana@example.com',
      action: 'created',
      id: 'SEC-1',
      url: 'https://acme.atlassian.net/browse/SEC-1',
    },
  },
  {
    kind: 'ticket',
    route: 'critical',
    channel: 'jira',
    status: 'delivered',
    attempts: 3,
    ticket: { key: 'k2', action: 'closed', id: 'SEC-2', url: 'javascript:alert(1)' },
  },
  {
    kind: 'ticket',
    route: 'critical',
    channel: 'jira',
    status: 'deferred',
    attempts: 0,
    ticket: { key: 'k3', action: 'create' },
  },
];

describe('the Deliveries report section', () => {
  it('is absent when the run sent nothing', () => {
    expect(deliverySection(undefined)).toEqual([]);
    expect(deliverySection([])).toEqual([]);
  });

  it('counts outcomes and ticket actions', () => {
    expect(deliverySummary(deliveries)).toBe(
      '3 delivered, 1 failed, 1 deferred to the next run; tickets: 1 created, 1 closed.',
    );
  });

  it('shows route, channel, counts, outcome, attempts, status, error and the ticket link, escaped and without secrets', () => {
    const [section] = deliverySection(deliveries);
    expect(section!.id).toBe('deliveries');
    const html = section!.html;
    expect(html).toContain(
      '<tr class="pass"><td>alert</td><td>security-slack</td><td>slack</td><td>12 changes in one message</td><td>delivered</td><td>2</td><td>200</td><td>-</td><td>-</td></tr>',
    );
    expect(html).toContain(
      '<td>soc-webhook</td><td>webhook</td><td>1 change in one message</td><td>failed</td><td>4</td><td>500</td>',
    );
    expect(html).toContain('upstream said &lt;b&gt;');
    expect(html).not.toContain(githubToken);
    expect(html).not.toContain('<b>');
    expect(html).toContain('<a href="https://acme.atlassian.net/browse/SEC-1">SEC-1</a>');
    expect(html).toContain('<code>offboarding|dana@example.com</code>');
    expect(html).toContain('ticket closed with a comment');
    // A URL that is not http(s) is shown, never linked.
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('<td>SEC-2</td>');
    expect(html).toContain(
      '<tr class="not_applicable"><td>ticket</td><td>critical<br><code>k3</code></td><td>jira</td><td>ticket create (not done)</td><td>deferred</td>',
    );
  });

  it('lands in the report with its own navigation entry', () => {
    const html = renderHtmlReport({
      runId: 'run-1',
      startedAt: new Date('2026-12-07T10:00:00Z'),
      finishedAt: new Date('2026-12-07T10:01:00Z'),
      findings: [],
      collectors: [],
      changes: summarizeChanges([], []),
      toolVersion: 'test',
      sections: deliverySection(deliveries),
    });
    expect(html).toContain('<a href="#section-deliveries">Deliveries</a>');
    expect(html).toContain('<section id="section-deliveries"><h2>Deliveries</h2>');
  });
});
