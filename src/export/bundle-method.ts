import type { BundleRequest } from './collect-bundle.js';
import { EXCERPT_ENTRY_LIMIT, EXCERPT_OBJECT_BYTES } from './snapshot-excerpt.js';

/** The index's statement of how the bundle chose what it holds: an auditor can redo each step from the store. */
export function methodParagraphs(r: BundleRequest): string[] {
  const sample = r.sample
    ? `Sampling: for each control, the distinct findings of the period (by finding key: check, scope, resource) are ranked by SHA-256 of "${r.sample.seed}:&lt;control reference&gt;:&lt;finding key&gt;" (hex, ascending) and the first ${r.sample.n} kept, with every run's occurrence of each. Where a finding's evidence is a population (a dataset none of whose entries names the resource, such as the merged pull requests or members behind an organization-wide result), its entries are ranked by SHA-256 of "${r.sample.seed}:&lt;finding key&gt;|&lt;dataset&gt;:&lt;entry as JSON&gt;" and the first ${r.sample.n} kept. The draw depends only on the seed and the keys, never on order, so it can be repeated; a larger sample contains a smaller one.`
    : 'Sampling: none; every finding of the period about each control is included.';
  return [
    'Period: the committed runs that started within the period, widened to a contiguous stretch of the manifest chain (runs that overlap can commit out of start order), so each manifest links to the one before it. The first manifest links to a run before the period by the SHA-256 in its <code>previous</code> field.',
    "Findings: a finding belongs to a control when the control is among the finding's controls. Each run's complete <code>findings.jsonl</code> is included under <code>runs/</code>, byte for byte as stored, so each control's extract can be checked against it and it against the run's manifest.",
    `Snapshot excerpts: for each finding and each status it had in the period, the latest run with that status; from every snapshot of that run about the finding's scope, each dataset the check requires: the entries that mention the finding's resource (a value equal to its id or name, up to three levels into an entry); when none does, the dataset is the population the finding covered and is given whole${r.sample ? ' or sampled as below' : ''}; an object dataset gives the keys naming the resource, or itself whole up to ${EXCERPT_OBJECT_BYTES} bytes of JSON, or its top-level scalar fields; at most ${EXCERPT_ENTRY_LIMIT} entries each, the rest counted as omitted. A missing dataset gives the reason it is missing. Each excerpt names its snapshot and the SHA-256 the run's manifest lists for it, so the full snapshot can be fetched from the store and compared.`,
    sample,
    "Attestations: the store's attestation records up to the period's end that bear on one of the controls (the controls a record names in <code>data.controls</code>, or else those of the check of its kind, <code>attestation-&lt;kind&gt;</code>), and records that bear on no known control; each record's stored bytes and its files.",
    "Exceptions: the entries of each run's exceptions register that were in force in that run and whose check bears on one of the controls.",
  ];
}
