import { readFile, writeFile } from 'node:fs/promises';
import { checkRegistry } from '../../checks/index.js';
import { collectorRegistry } from '../../collectors/index.js';
import { checksMarkdown, permissionsMarkdown, replaceGenerated } from '../reports/docs-markdown.js';
import type { Output } from './output.js';

/** For maintainers: rewrites the generated tables of ./README.md from the registries. */
export async function updateReadme(out: Output, file = 'README.md'): Promise<number> {
  let doc = await readFile(file, 'utf8');
  doc = replaceGenerated(doc, 'checks', checksMarkdown(checkRegistry().values()));
  doc = replaceGenerated(doc, 'permissions', permissionsMarkdown(collectorRegistry().values()));
  await writeFile(file, doc);
  out.print(`Updated ${file}`);
  return 0;
}
