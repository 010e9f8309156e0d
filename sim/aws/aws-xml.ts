/** A value serialized as an AWS query/REST-XML map: `<entry><key>k</key><value>v</value></entry>`. */
export class XmlMap {
  constructor(readonly entries: Record<string, string | number | boolean>) {}
}

/** A list serialized without `<member>` wrappers (S3's flattened lists): each item repeats the parent tag. */
export class XmlFlat {
  constructor(readonly items: readonly unknown[]) {}
}

export const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

function scalar(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  return escapeXml(String(v));
}

/**
 * The body of one element in AWS's XML conventions: objects become child elements in key order, arrays become
 * `<member>` items, undefined and null are left out.
 */
export function xmlBody(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((item) => `<member>${xmlBody(item)}</member>`).join('');
  if (value instanceof XmlMap) {
    return Object.entries(value.entries)
      .map(([k, v]) => `<entry><key>${escapeXml(k)}</key><value>${scalar(v)}</value></entry>`)
      .join('');
  }
  if (typeof value === 'object' && !(value instanceof Date)) return xmlFields(value as Record<string, unknown>);
  return scalar(value);
}

/** Child elements for each field of `obj`. */
export function xmlFields(obj: Record<string, unknown>): string {
  return Object.entries(obj)
    .map(([k, v]) => {
      if (v === undefined || v === null) return '';
      if (v instanceof XmlFlat) return v.items.map((item) => `<${k}>${xmlBody(item)}</${k}>`).join('');
      return `<${k}>${xmlBody(v)}</${k}>`;
    })
    .join('');
}

export const xmlDocument = (root: string, body: string, xmlns?: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<${root}${xmlns ? ` xmlns="${xmlns}"` : ''}>${body}</${root}>`;
