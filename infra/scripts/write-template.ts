/** `npm run template --prefix infra`: regenerates the published CloudFormation templates (a test checks they are current). */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PUBLISHED, publishedTemplates } from '../lib/published-template.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const templates = publishedTemplates();
for (const [name, file] of Object.entries(PUBLISHED)) {
  writeFileSync(path.join(root, file), templates[name as keyof typeof PUBLISHED]);
  console.log(`wrote infra/${file}`);
}
