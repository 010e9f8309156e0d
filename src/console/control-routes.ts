import type { Context, Hono } from 'hono';
import { EvidenceError } from '../errors.js';
import type { EvidenceStore } from '../evidence/evidence-store.js';
import type { BundleCheck } from '../export/control-evidence.js';
import { bundleFilename, exportBundle, exportForm, mayExport, parseExportQuery } from './control-export.js';
import { controlBody, controlsBody } from './controls-page.js';
import type { Viewer } from './layout.js';
import type { ConsoleReadModel } from './read-model.js';

type Env = { Variables: { viewer: Viewer } };

export interface ControlRouteDeps {
  model: ConsoleReadModel;
  store: EvidenceStore;
  now: () => Date;
  /** Whether this build can write the auditors' bundle (`assay evidence export`). */
  exportAvailable: boolean;
  /** The checks the bundle maps to controls; default: this build's. */
  exportChecks?: readonly BundleCheck[];
  page: (c: Context<Env>, title: string, body: string, status?: 200 | 404) => Response | Promise<Response>;
  noRuns: (c: Context<Env>) => Response | Promise<Response>;
}

/**
 * Controls, one control, and the bundle download. The download is a GET that only reads the store (nothing is
 * written, so no CSRF token), for auditors and approvers only.
 */
export function controlRoutes(app: Hono<Env>, d: ControlRouteDeps): void {
  const form = (c: Context<Env>, fixed?: Parameters<typeof exportForm>[1]) => {
    if (!d.exportAvailable || !mayExport(c.get('viewer').roles)) return undefined;
    const first = d.model.runs()[0];
    const today = d.now().toISOString().slice(0, 10);
    return exportForm({ from: first?.startedAt.slice(0, 10) ?? today, to: today }, fixed);
  };

  app.get('/controls', async (c) => {
    const run = d.model.latest();
    if (!run) return d.noRuns(c);
    return d.page(c, 'Controls', controlsBody(run, await d.model.coverage(run), form(c)));
  });

  app.get('/control', async (c) => {
    const run = d.model.latest();
    if (!run) return d.noRuns(c);
    const row = (await d.model.coverage(run)).find((r) => r.ref === c.req.query('ref'));
    if (!row) return d.page(c, 'Control not found', '<p>No such control in the catalog.</p>', 404);
    const body = controlBody(run, row, await d.model.findings(run), form(c, row.control));
    return d.page(c, `${row.ref} ${row.control.title}`, body);
  });

  app.get('/export', async (c) => {
    if (!d.exportAvailable) return c.text('this build has no evidence export', 404);
    const viewer = c.get('viewer');
    if (!mayExport(viewer.roles)) return c.text('downloading a bundle needs the auditor or approver role', 403);
    const query = parseExportQuery(c.req.query());
    if (typeof query === 'string') return c.text(query, 400);
    let zip: Uint8Array | undefined;
    try {
      zip = await exportBundle(d.store, query, d.now(), d.exportChecks);
    } catch (e) {
      // A stored file that fails its hash or schema: say which, as `assay evidence export` would.
      if (e instanceof EvidenceError) return c.text(`the bundle cannot be built: ${e.message}`, 500);
      throw e;
    }
    if (!zip) return c.text('no committed run started in that period', 404);
    return c.body(zip as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="${bundleFilename(query)}"`,
    });
  });
}
