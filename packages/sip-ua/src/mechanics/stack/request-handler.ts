import type { HeaderField } from '../wire/headers.js';
import type { IncomingRequest } from '../wire/message.js';

/** What a request handler answers. The stack copies Via, From, To (adding a tag), Call-ID and CSeq. */
export interface ResponseSpec {
  status: number;
  reason?: string;
  headers?: HeaderField[];
  body?: string;
  /**
   * `sent-by`: over UDP, answer the top Via's sent-by port rather than the source port unless the
   * Via has `rport` (pjsip `force_rport=no`). Default `source`.
   */
  responsePort?: 'source' | 'sent-by';
}

export type RequestHandler = (request: IncomingRequest) => ResponseSpec | Promise<ResponseSpec>;

/** The handler's answer, rejected when it is slower than `timeoutMs` or gives no valid status. */
export function callHandler(
  handler: RequestHandler,
  request: IncomingRequest,
  timeoutMs: number,
): Promise<ResponseSpec> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`handler gave no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    Promise.resolve()
      .then(() => handler(request))
      .then(
        (spec) => {
          clearTimeout(timer);
          if (!spec || !Number.isInteger(spec.status) || spec.status < 100 || spec.status > 699) {
            reject(new Error('handler returned no valid status'));
          } else resolve(spec);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
  });
}
