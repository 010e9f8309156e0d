import type { Reporter, TestModule } from 'vitest/node';
import type { FaultRowMeta } from './fault-matrix.js';

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

/** Prints one line per source × fault of the fault matrix: outcome, requests against the baseline, wall time. */
export default class FaultSummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const rows: Array<FaultRowMeta & { outcome: string; error: string }> = [];
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        const meta = t.meta().faultRow;
        if (!meta) continue;
        const result = t.result();
        const error = result.state === 'failed' ? (result.errors[0]?.message.split('\n')[0] ?? '') : '';
        rows.push({ ...meta, outcome: result.state === 'passed' ? 'ok' : 'FAILED', error });
      }
    }
    if (rows.length === 0) return;
    rows.sort((a, b) => a.source.localeCompare(b.source));
    const lines = rows.map(
      (r) =>
        `${pad(r.source, 7)} ${pad(r.fault, 44)} ${pad(r.outcome, 7)} ${pad(`${r.requests} req (baseline ${r.baselineRequests})`, 26)} ${pad(`${r.seconds.toFixed(1)} s`, 8)}` +
        (r.failedOperations.length > 0 ? ` failed: ${[...new Set(r.failedOperations)].join(', ')}` : '') +
        (r.error ? `\n        ↳ ${r.error}` : ''),
    );
    const failed = rows.filter((r) => r.outcome !== 'ok').length;
    process.stdout.write(`\nFault matrix: ${rows.length} rows, ${failed} failing\n${lines.join('\n')}\n`);
  }
}
