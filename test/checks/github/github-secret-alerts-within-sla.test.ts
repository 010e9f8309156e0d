import { describe, expect, it } from 'vitest';
import check from '../../../checks/github/github-secret-alerts-within-sla.js';
import { evaluate, messages, NOW, statuses } from '../../support/check-harness.js';
import { githubDatasets } from '../../../src/model/datasets/github.js';

const scope = { kind: 'github-org', id: 'acme' } as const;
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000 - 3_600_000).toISOString();
const alert = (
  number: number,
  repo: string,
  secretType: string,
  display: string,
  age: number,
  validity = 'unknown',
) => ({
  number,
  secret_type: secretType,
  secret_type_display_name: display,
  validity,
  repository: `acme/${repo}`,
  created_at: daysAgo(age),
  html_url: `https://github.com/acme/${repo}/security/secret-scanning/${number}`,
  publicly_leaked: false,
});

describe('github-secret-alerts-within-sla', () => {
  it('passes when every open alert is younger than the SLA', () => {
    const fs = evaluate(check, {
      scope,
      data: {
        'github.secretScanningAlerts': [
          alert(1, 'api', 'github_personal_access_token', 'GitHub Personal Access Token', 3),
        ],
      },
    });
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual([
      'No open secret-scanning alert in acme is older than 7 days (1 open within the SLA).',
    ]);
  });

  it('fails per alert beyond the SLA, oldest first; an active secret is critical and AI provider keys are named', () => {
    const fs = evaluate(check, {
      scope,
      data: {
        'github.secretScanningAlerts': [
          alert(4, 'web', 'slack_api_token', 'Slack API Token', 9),
          alert(7, 'ml', 'openai_api_key', 'OpenAI API Key', 23, 'active'),
          alert(8, 'ml', 'hf_user_access_token', 'Hugging Face User Access Token', 2),
        ],
      },
    });
    expect(statuses(fs)).toEqual(['fail', 'fail']);
    expect(messages(fs)).toEqual([
      'Secret-scanning alert #7 in acme/ml (OpenAI API Key, an AI provider key for OpenAI) has been open 23 days, beyond the 7-day SLA, and GitHub reports the secret as still active.',
      'Secret-scanning alert #4 in acme/web (Slack API Token) has been open 9 days, beyond the 7-day SLA.',
    ]);
    expect(fs.map((f) => f.severity)).toEqual(['critical', 'high']);
    expect(fs[0]!.resource).toEqual({ type: 'github-secret-scanning-alert', id: 'ml#7', name: 'OpenAI API Key' });
    expect(fs[0]!.observed).toMatchObject({ aiProvider: 'OpenAI', validity: 'active', ageDays: 23, slaDays: 7 });
  });

  it('uses the configured SLA', () => {
    const fs = evaluate(check, {
      scope,
      data: { 'github.secretScanningAlerts': [alert(2, 'api', 'anthropic_api_key', 'Anthropic API Key', 3)] },
      params: { slaDays: 2 },
    });
    expect(messages(fs)).toEqual([
      'Secret-scanning alert #2 in acme/api (Anthropic API Key, an AI provider key for Anthropic) has been open 3 days, beyond the 2-day SLA.',
    ]);
  });

  it('is not applicable when the organization has no secret scanning', () => {
    const fs = evaluate(check, {
      scope,
      missing: {
        'github.secretScanningAlerts': {
          kind: 'not_applicable',
          operation: 'GET /orgs/{org}/secret-scanning/alerts',
          message: 'secret scanning is not enabled on any repository of the organization',
        },
      },
    });
    expect(statuses(fs)).toEqual(['not_applicable']);
    expect(messages(fs)).toEqual([
      'Not applicable: secret scanning is not enabled on any repository of the organization.',
    ]);
  });

  it('is an error when the token may not list alerts', () => {
    const fs = evaluate(check, {
      scope,
      missing: {
        'github.secretScanningAlerts': {
          kind: 'error',
          operation: 'GET /orgs/{org}/secret-scanning/alerts',
          status: 403,
          message: 'Resource not accessible by personal access token',
        },
      },
    });
    expect(messages(fs)).toEqual([
      'Could not evaluate: GET /orgs/{org}/secret-scanning/alerts failed (Resource not accessible by personal access token).',
    ]);
  });

  it('an alert whose created_at is not a timestamp is refused by the dataset and, should it get through, is an error, never within the SLA', () => {
    const bad = { ...alert(9, 'api', 'openai_api_key', 'OpenAI API Key', 30), created_at: 'yesterday' };
    expect(githubDatasets['github.secretScanningAlerts'].safeParse([bad]).success).toBe(false);
    expect(
      githubDatasets['github.secretScanningAlerts'].safeParse([alert(9, 'api', 'openai_api_key', 'OpenAI API Key', 30)])
        .success,
    ).toBe(true);
    expect(
      githubDatasets['github.secretScanningAlerts'].safeParse([{ ...bad, created_at: '2024-05-01T10:00:00+02:00' }])
        .success,
    ).toBe(true);
    const fs = evaluate(check, {
      scope,
      data: { 'github.secretScanningAlerts': [bad, alert(3, 'web', 'slack_api_token', 'Slack API Token', 1)] },
    });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'Secret-scanning alert #9 in acme/api has an unreadable created_at ("yesterday"), so its age is unknown.',
    ]);
  });
});
