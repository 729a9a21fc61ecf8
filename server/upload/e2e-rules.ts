import { HttpError } from '../errors';
import type { Session } from '../session/session-store';
import { E2E_MODE } from './read-encrypted-upload';

/** How an upload stands with the session's end-to-end setting. */
export type E2eVerdict =
  /** Not an end-to-end session, and not an e2e envelope: an ordinary (plain or server-key) upload. */
  | 'plain'
  /** An envelope sealed for the session's own key: stored as sent. */
  | 'envelope'
  /** A photo the server could read, in an end-to-end session that allowed it (`e2e_allow_downgrade`). */
  | 'downgraded';

/**
 * Only an end-to-end session takes `X-Aptr-Encrypted: e2e` (elsewhere nothing says whose key sealed it, and the
 * server would keep bytes nobody may be able to open); an end-to-end session takes nothing else, unless its
 * integrator allowed the page to downgrade where it cannot encrypt. Both refusals are 400 before the body is read.
 */
export function checkE2eMode(session: Session, mode: string | undefined): E2eVerdict {
  const isEnvelope = mode === E2E_MODE;
  if (session.e2ePublicKey === null) {
    if (isEnvelope) {
      throw new HttpError(400, 'e2e_not_enabled', 'This session was not created for end-to-end encryption: send the photo plain, or sealed for the server key (X-Aptr-Encrypted: default).');
    }
    return 'plain';
  }
  if (isEnvelope) return 'envelope';
  if (session.e2eAllowDowngrade) return 'downgraded';
  throw new HttpError(400, 'e2e_required', 'This session is end-to-end encrypted: seal the photo for its e2ePublicKey and send it with X-Aptr-Encrypted: e2e.');
}
