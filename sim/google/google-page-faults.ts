import { editJson, REPEAT_TOKEN, withQuery, type PageFaultHooks } from '../http/page-faults.js';

/** The Admin SDK's continuation: `pageToken` in, `nextPageToken` out; `maxResults` asks the page size. */
export const googlePageFaults: PageFaultHooks = {
  async repeatCursor(req, answer) {
    const strip = req.query.get('pageToken') === REPEAT_TOKEN;
    const res = await answer(strip ? withQuery(req, { pageToken: undefined }) : req);
    return editJson(res, (json) => (json.nextPageToken = REPEAT_TOKEN));
  },
  shortPage(req, size) {
    const asked = Number(req.query.get('maxResults') ?? 100);
    return withQuery(req, { maxResults: String(Math.min(asked, size)) });
  },
};
