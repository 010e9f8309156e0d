import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { checkRegistry } from '../checks/index.js';
import { collectorRegistry } from '../collectors/index.js';
import { checksMarkdown, permissionsMarkdown, replaceGenerated } from '../src/reports/docs-markdown.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README stays true', () => {
  it('gives the quick start as the two commands', () => {
    expect(readme).toContain('npm install && npm run demo');
    expect(readme).toContain('npm test');
  });

  it('has the checks and permissions tables generated from the registries (run `npm run assay -- docs readme`)', () => {
    let expected = replaceGenerated(readme, 'checks', checksMarkdown(checkRegistry().values()));
    expected = replaceGenerated(expected, 'permissions', permissionsMarkdown(collectorRegistry().values()));
    expect(readme).toBe(expected);
  });
});
