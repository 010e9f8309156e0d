import { SEVERITIES } from '../model/severity.js';
import { FINDING_SOURCES } from './finding-source.js';

const BASE = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1f24}h1{font-size:1.4rem}table{border-collapse:collapse;width:100%;margin:1rem 0}
td,th{border-bottom:1px solid #d8dee4;padding:.35rem .5rem;text-align:left;vertical-align:top}th{background:#f6f8fa}
tr.fail td:first-child{border-left:4px solid #cf222e}tr.error td:first-child{border-left:4px solid #bf8700}tr.pass td:first-child{border-left:4px solid #1a7f37}
tr.not_applicable td:first-child{border-left:4px solid #8c959f}tr.excepted td:first-child{border-left:4px solid #8250df}.tiles span{display:inline-block;margin-right:1.5rem;font-size:1.1rem}code{font-size:12px}
nav a{margin-right:1rem}details.group>summary{font-weight:600;font-size:1.05rem;margin:.6rem 0}
details.finding{border-left:4px solid #cf222e;margin:.3rem 0 .3rem 1rem;padding:.2rem .6rem;background:#fff}details.finding.error{border-left-color:#bf8700}
details.finding>summary{cursor:pointer}details.finding dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dd{margin:0}
pre{background:#f6f8fa;padding:.5rem;overflow:auto;font-size:12px;white-space:pre-wrap}
tr.cov-automated td:first-child{border-left:4px solid #1a7f37}tr.cov-excepted td:first-child{border-left:4px solid #8250df}
tr.cov-attested td:first-child{border-left:4px solid #0969da}tr.cov-attestation_missing td:first-child{border-left:4px solid #cf222e}
tr.cov-manual td:first-child{border-left:4px solid #d8dee4}.filters{display:none}.filters label{margin-right:1rem}`;

/**
 * Filtering without a script: one checkbox per severity and source, and a rule hiding the findings of each one
 * unchecked. Browsers without `:has()` never show the boxes, and the page reads the same.
 */
const FILTERS = [
  ...SEVERITIES.map((s) => `body:has(#flt-sev-${s}:not(:checked)) .finding[data-severity="${s}"]{display:none}`),
  ...FINDING_SOURCES.map((s) => `body:has(#flt-src-${s}:not(:checked)) .finding[data-source="${s}"]{display:none}`),
  '@supports selector(:has(a)){.filters{display:block}}',
].join('\n');

export const REPORT_STYLE = `${BASE}\n${FILTERS}`;
