import * as v from 'valibot';
import { parseErrorBody } from '../lib/error-body';
import { classifyFailure, detailOrNone } from '../lib/http-failure';
import { parseRetryAfter } from '../lib/retry-after';
import { rateLimitResumeAt } from './rate-limit-wait';
import type { ItemMessage, SessionFailure, TransportResult } from './types';
import { parseJson } from '../lib/parse-json';

/** What one upload attempt means for the queue. The status decides (http-failure.ts); the body only adds detail. */
export type UploadOutcome =
  | { kind: 'confirmed'; imageId: string }
  /** This file is refused (400, 413, 415...): mark it, the others go on. */
  | { kind: 'file-rejected'; message: ItemMessage }
  /** The session refuses uploads (403, 404, 409, 410, 422, or 401 wrong password): stop the queue. */
  | { kind: 'session-stopped'; failure: SessionFailure }
  /** 429: pause everything until `resumeAt`. */
  | { kind: 'rate-limited'; resumeAt: number }
  /** No answer, 408, 5xx, or a 2xx that is not ours (captive portal): back off and try again. */
  | { kind: 'transient'; status?: number; bytesGotThrough: boolean; notBeforeMs?: number }
  /** We cancelled it (removed, disposed). */
  | { kind: 'aborted' };

/** `201 {id, filename, size_bytes, ...}`: only the id matters to the page. */
const uploadedSchema = v.object({ id: v.pipe(v.string(), v.nonEmpty()) });

export function interpretUploadResult(result: TransportResult, now: number): UploadOutcome {
  if (result.kind === 'aborted') return { kind: 'aborted' };
  if (result.kind === 'network-error') return { kind: 'transient', bytesGotThrough: result.bytesSent > 0 };
  const { status, headers, bodyText } = result;
  if (status >= 200 && status < 300) return confirmedOrPortal(status, bodyText);
  const rule = classifyFailure(status);
  const detail = detailOrNone(parseErrorBody(bodyText, headers['content-type']));
  switch (rule.scope) {
    case 'file':
      return { kind: 'file-rejected', message: { key: rule.key, detail, status } };
    case 'session':
    case 'password':
      return { kind: 'session-stopped', failure: { scope: rule.scope, status, key: rule.key, detail, requestId: headers['x-request-id'] } };
    case 'rate-limit':
      return { kind: 'rate-limited', resumeAt: rateLimitResumeAt(headers, now) };
    case 'transient':
      // A 503 may say when to come back; the backoff never retries sooner than that.
      return { kind: 'transient', status, bytesGotThrough: false, notBeforeMs: parseRetryAfter(headers['retry-after'], now) };
  }
}

function confirmedOrPortal(status: number, bodyText: string): UploadOutcome {
  const parsed = v.safeParse(uploadedSchema, parseJson(bodyText));
  if (parsed.success) return { kind: 'confirmed', imageId: parsed.output.id };
  // A 2xx that is not the API's answer (a hotel Wi-Fi login page) stored nothing. Sending again is safe:
  // the Idempotency-Key makes the server answer with the first result if it did store it.
  return { kind: 'transient', status, bytesGotThrough: false };
}
