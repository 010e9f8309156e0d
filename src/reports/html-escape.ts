/** Text for HTML content and attribute values: everything a source or a user chose goes through it. */
export const esc = (s: unknown): string =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** Pretty JSON inside `<pre>`, escaped. */
export const escJson = (value: unknown): string => esc(JSON.stringify(value, null, 2));
