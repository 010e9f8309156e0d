import {
  editJson,
  REPEAT_TOKEN,
  setXmlElement,
  withBody,
  withQuery,
  type PageFaultHooks,
} from '../http/page-faults.js';
import type { SimRequest } from '../http/route.js';
import { protocolOf } from './aws-protocol.js';

function jsonBody(req: SimRequest): Record<string, unknown> {
  try {
    const body = JSON.parse(req.body || '{}') as unknown;
    return body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const xmlRoot = (text: string | undefined) => /<([A-Za-z]\w*)[\s>]/.exec(text?.replace(/^<\?[^>]*\?>/, '') ?? '')?.[1];

/**
 * AWS's continuations by protocol: query (IAM) `Marker` with `IsTruncated` and `MaxItems`; JSON (CloudTrail,
 * Organizations, Account) `NextToken` and `MaxResults`; REST-XML (S3 ListBuckets) `continuation-token` and
 * `max-buckets`.
 */
export const awsPageFaults: PageFaultHooks = {
  async repeatCursor(req, answer) {
    switch (protocolOf(req)) {
      case 'query': {
        const form = new URLSearchParams(req.body);
        if (form.get('Marker') === REPEAT_TOKEN) form.delete('Marker');
        const res = await answer(withBody(req, form.toString()));
        const result = `${form.get('Action') ?? ''}Result`;
        return setXmlElement(setXmlElement(res, result, 'IsTruncated', 'true'), result, 'Marker', REPEAT_TOKEN);
      }
      case 'rest-xml': {
        const strip = req.query.get('continuation-token') === REPEAT_TOKEN;
        const res = await answer(strip ? withQuery(req, { 'continuation-token': undefined }) : req);
        return setXmlElement(res, xmlRoot(res.text) ?? '', 'ContinuationToken', REPEAT_TOKEN);
      }
      default: {
        const body = jsonBody(req);
        if (body.NextToken === REPEAT_TOKEN) delete body.NextToken;
        const res = await answer(withBody(req, JSON.stringify(body)));
        return editJson(res, (json) => (json.NextToken = REPEAT_TOKEN));
      }
    }
  },
  shortPage(req, size) {
    switch (protocolOf(req)) {
      case 'query': {
        const form = new URLSearchParams(req.body);
        form.set('MaxItems', String(Math.min(Number(form.get('MaxItems') ?? 100), size)));
        return withBody(req, form.toString());
      }
      case 'rest-xml':
        return withQuery(req, { 'max-buckets': String(Math.min(Number(req.query.get('max-buckets') ?? 1000), size)) });
      default: {
        const body = jsonBody(req);
        const asked = typeof body.MaxResults === 'number' ? body.MaxResults : size;
        return withBody(req, JSON.stringify({ ...body, MaxResults: Math.min(asked, size) }));
      }
    }
  },
};
