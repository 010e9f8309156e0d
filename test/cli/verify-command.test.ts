import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyCommand } from '../../src/cli/evidence-commands.js';
import { bufferOutput } from '../../src/cli/output.js';
import { storeRun, tempStore, type TempStore } from '../evidence/evidence-fixtures.js';

describe('assay evidence verify', () => {
  let t: TempStore;
  beforeEach(async () => {
    t = await tempStore();
    await storeRun(t.store, 'run-a');
    await storeRun(t.store, 'run-b');
  });
  afterEach(() => t.cleanup());

  it('fails after `rm -rf STORE/chain`, naming each lost manifest, instead of "✔ 0 runs"', async () => {
    await rm(path.join(t.dir, 'chain'), { recursive: true });
    const out = bufferOutput();
    expect(await verifyCommand(t.dir, out)).toBe(1);
    const lines = out.text().split('\n');
    expect(lines.filter((l) => l.startsWith('✔'))).toEqual([]);
    expect(lines.filter((l) => l.includes('interrupted'))).toEqual([]);
    expect(lines[0]).toMatch(/^✘ chain\/00000001\.json: missing: run run-a claimed sequence 1/);
    expect(lines.at(-1)).toBe(`✘ Evidence verification FAILED: 3 problems in ${t.dir}.`);
  });

  it('cannot be made to print a forged verdict by a file name in the store', async () => {
    await writeFile(path.join(t.dir, 'runs', 'x\n✔ Evidence verified: 9 runs\u001b[2K'), '');
    const out = bufferOutput();
    expect(await verifyCommand(t.dir, out)).toBe(1);
    expect(out.text().split('\n')).toEqual([
      '✘ runs/x\\n✔ Evidence verified: 9 runs\\e[2K: unexpected file outside any run directory',
      `✘ Evidence verification FAILED: 1 problem in ${t.dir}.`,
    ]);
  });

  it('lists runs that stopped before committing and leftover temporary files, and still verifies', async () => {
    const w = t.store.beginRun('run-c', new Date());
    await w.add('snapshots/github/acme.json.gz', Buffer.from('x'), 'application/gzip');
    await writeFile(path.join(t.dir, 'runs', 'run-a', '.tmp-00ff00ff00ff00ff'), 'half');
    const out = bufferOutput();
    expect(await verifyCommand(t.dir, out)).toBe(0);
    expect(out.text()).toMatch(
      /^– run run-c has no manifest: it stopped while collecting, before it claimed a chain sequence; it is not evidence\n– runs\/run-a\/\.tmp-00ff00ff00ff00ff: temporary file of an interrupted write; not evidence, nothing lists it\n✔ Evidence verified: 2 runs/,
    );
  });
});
