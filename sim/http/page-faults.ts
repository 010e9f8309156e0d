import type { SimRequest, SimResponse } from './route.js';

/**
 * The continuation a 'repeat-cursor' fault hands out to a request that carried none. The vendor hook strips it from
 * a request before the route sees it, so the route answers the first page, and puts it back in the answer.
 */
export const REPEAT_TOKEN = 'assay-sim-repeat-token';

/** Answers a request with the route, as the server would without a fault. */
export type Answer = (req: SimRequest) => Promise<SimResponse>;

/** How one vendor's paging is bent by the 'repeat-cursor' and 'short-page' faults. */
export interface PageFaultHooks {
  /** The page `req` asks for, with its continuation set to the one the request carried (or REPEAT_TOKEN). */
  repeatCursor(req: SimRequest, answer: Answer): Promise<SimResponse>;
  /** `req` asking for at most `size` items, so the route answers a short page with a continuation. */
  shortPage(req: SimRequest, size: number): SimRequest;
}

/** `req` with query parameters set (a string) or removed (undefined). */
export function withQuery(req: SimRequest, changes: Record<string, string | undefined>): SimRequest {
  const url = new URL(req.url);
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) url.searchParams.delete(k);
    else url.searchParams.set(k, v);
  }
  return { ...req, url, query: url.searchParams };
}

/** `req` with another body. */
export const withBody = (req: SimRequest, body: string): SimRequest => ({ ...req, body });

/** A successful JSON answer with `change` applied to its body; any other answer as is. */
export function editJson(res: SimResponse, change: (body: Record<string, unknown>) => void): SimResponse {
  if (res.status >= 300 || res.json === null || typeof res.json !== 'object' || Array.isArray(res.json)) return res;
  const body = structuredClone(res.json) as Record<string, unknown>;
  change(body);
  return { ...res, json: body };
}

/** A successful XML answer with `<tag>value</tag>` in place of the element, or inserted at the end of `parent`. */
export function setXmlElement(res: SimResponse, parent: string, tag: string, value: string): SimResponse {
  if (res.status >= 300 || res.text === undefined) return res;
  const element = `<${tag}>${value}</${tag}>`;
  const existing = new RegExp(`<${tag}>[^<]*</${tag}>`);
  if (existing.test(res.text)) return { ...res, text: res.text.replace(existing, element) };
  const end = res.text.lastIndexOf(`</${parent}>`);
  return end < 0 ? res : { ...res, text: res.text.slice(0, end) + element + res.text.slice(end) };
}
