/** Served as files so the Content-Security-Policy needs no inline script or style. */
export const CONSOLE_CSS = `
:root{--fg:#1b1f24;--muted:#4b5563;--line:#d0d7de;--bad:#a40e26;--warn:#7a4d00;--good:#116329;--link:#0b5cad}
*{box-sizing:border-box}body{font:14px/1.45 system-ui,sans-serif;color:var(--fg);margin:0}
header{display:flex;gap:1.5rem;align-items:center;padding:.6rem 1.2rem;border-bottom:1px solid var(--line);background:#f6f8fa}
header nav a{margin-right:1rem}header .who{margin-left:auto;color:var(--muted)}
main{padding:1rem 1.2rem;max-width:1400px}a{color:var(--link)}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border-bottom:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.fail,td.error{color:var(--bad);font-weight:600}td.pass{color:var(--good)}td.excepted{color:var(--warn)}
form.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end}form.filters label{display:flex;flex-direction:column;font-size:12px;color:var(--muted)}
input,select,textarea,button{font:inherit;padding:.25rem .4rem}button{cursor:pointer}
pre{background:#f6f8fa;padding:.6rem;overflow:auto;max-height:24rem}.muted{color:var(--muted)}
.pager{display:flex;gap:1rem;align-items:center}.triage form{margin:.4rem 0;padding:.5rem;border:1px solid var(--line)}
.triage label{display:block;margin:.2rem 0}.notice{padding:.5rem;border:1px solid var(--line);background:#fff8c5}
`;

/** Progressive enhancement only: filter selects submit on change; the page works without it. */
export const CONSOLE_JS = `
for (const s of document.querySelectorAll('form.filters select')) s.addEventListener('change', () => s.form.submit());
`;
