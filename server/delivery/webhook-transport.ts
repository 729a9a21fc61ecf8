import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { DELIVERY } from '../limits';
import { hostOf, isRefusedAddress } from './ssrf-guard';

/** Why a send did not succeed. `permanent` ones are not retried: the same request would be refused again. */
export class SendError extends Error {
  override name = 'SendError';
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
  }
}

export interface PostOptions {
  allowPrivate: boolean;
  /** Aborts on timeout (30 s) or on shutdown. */
  signal: AbortSignal;
  /** Hands over the first `maxBytes` of the receiver's answer (the event webhooks' delivery log shows them). */
  answer?: { maxBytes: number; keep: (text: string) => void };
}

/**
 * POSTs the body and resolves with the status code. No redirects are followed (a 3xx is a failed attempt),
 * so a receiver cannot bounce the request to an address the guard would refuse.
 * The socket connects only to addresses that passed the guard: the check runs inside DNS resolution itself,
 * leaving no gap between "checked" and "connected" for a rebinding resolver to exploit.
 */
export function postWebhook(url: URL, body: Buffer, headers: Record<string, string>, options: PostOptions): Promise<number> {
  const host = hostOf(url);
  if (!options.allowPrivate && isIP(host) !== 0 && isRefusedAddress(host)) {
    return Promise.reject(new SendError('refused: the URL points at a private or loopback address', true));
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(url, {
      method: 'POST',
      headers,
      signal: options.signal,
      lookup: options.allowPrivate ? undefined : guardedLookup,
      agent: false,
    });
    request.on('response', (response) => {
      // Drain the receiver's body so the socket closes cleanly, keeping its start only if asked.
      const answer = options.answer;
      const kept: Buffer[] = [];
      let keptBytes = 0;
      if (answer === undefined) response.resume();
      else {
        response.on('data', (chunk: Buffer) => {
          if (keptBytes < answer.maxBytes) kept.push(chunk.subarray(0, answer.maxBytes - keptBytes));
          keptBytes += chunk.length;
        });
      }
      response.on('end', () => {
        answer?.keep(Buffer.concat(kept).toString('utf8'));
        resolve(response.statusCode ?? 0);
      });
      response.on('error', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', (error) => reject(describe(error, options.signal)));
    request.end(body);
  });
}

/** dns.lookup, then refuse the whole answer if any address is one we do not send to. */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const list = Array.isArray(addresses) ? addresses : [];
    if (list.length === 0 || list.some((entry) => isRefusedAddress(entry.address))) {
      return callback(new SendError('refused: the host resolves to a private or loopback address', true), '', 0);
    }
    if (options.all === true) return callback(null, list);
    const first = list[0];
    return first === undefined ? callback(new SendError('host not found'), '', 0) : callback(null, first.address, first.family);
  });
};

function describe(error: Error, signal: AbortSignal): SendError {
  if (error instanceof SendError) return error;
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    return new SendError(reason instanceof Error && reason.name === 'TimeoutError' ? `timeout: no answer within ${DELIVERY.webhookTimeoutMs / 1000} s` : 'aborted');
  }
  const code = 'code' in error && typeof error.code === 'string' ? error.code : '';
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'DNS lookup failed',
    ETIMEDOUT: 'connection timed out',
    EHOSTUNREACH: 'host unreachable',
    CERT_HAS_EXPIRED: 'TLS certificate expired',
    DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS certificate not trusted',
  };
  return new SendError(known[code] ?? (code === '' ? 'network error' : `network error (${code})`));
}
