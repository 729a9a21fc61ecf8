import { Errors } from '../errors';
import { UPLOAD } from '../limits';

/** Visible ASCII only: the key goes into the database and comes back in logs of the integrator's own systems. */
const KEY_PATTERN = /^[\x21-\x7e]+$/;

/** The `Idempotency-Key` header, or undefined when absent; 400 when malformed. */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.length > UPLOAD.idempotencyKeyMaxLength || !KEY_PATTERN.test(value)) {
    throw Errors.badIdempotencyKey(UPLOAD.idempotencyKeyMaxLength);
  }
  return value;
}

/**
 * One request at a time per (session, Idempotency-Key). A retry that arrives while the first attempt is still
 * streaming waits here, then finds the first attempt's row (and replays it) or, if the first failed, tries itself.
 * The database's UNIQUE (session_id, idempotency_key) is the last word; this only keeps retries from racing.
 */
export class IdempotencyGate {
  readonly #held = new Map<string, Promise<void>>();

  /** Waits until nobody holds `scope`, takes it, and returns the function that lets the next one in. */
  async acquire(scope: string): Promise<() => void> {
    for (let current = this.#held.get(scope); current !== undefined; current = this.#held.get(scope)) {
      await current;
    }
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.#held.set(scope, held);
    return () => {
      if (this.#held.get(scope) === held) this.#held.delete(scope);
      release();
    };
  }
}
