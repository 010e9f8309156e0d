import type { Route, SimRequest, SimResponse } from '../http/route.js';
import type { Received, ReceiverState } from './receiver-state.js';

/** A receiver's endpoint: the request is recorded (body parsed) before `handle` judges it. */
export interface ReceiverRoute extends Omit<Route, 'handle'> {
  receiver: string;
  handle(req: SimRequest, received: Received): SimResponse | Promise<SimResponse>;
}

export function recording(state: ReceiverState, r: ReceiverRoute): Route {
  return {
    ...r,
    handle: (req) => {
      let body: unknown = req.body;
      const problems: string[] = [];
      if (req.body !== '' && /json/.test(req.headers['content-type'] ?? '')) {
        try {
          body = JSON.parse(req.body);
        } catch {
          problems.push('body is not valid JSON');
        }
      }
      const received: Received = { receiver: r.receiver, path: req.url.pathname, body, raw: req.body, problems };
      state.received.push(received);
      if (problems.length) return { status: 400, text: 'invalid_payload' };
      return r.handle(req, received);
    },
  };
}
