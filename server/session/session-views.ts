import { QR_DEFAULT_PARAMS, QR_FORMATS, QR_PARAMS } from '../qr/qr-options';
import type { SessionDestination } from './session-destination';
import { type Session, type SessionStatus, sessionStatus } from './session-store';

/**
 * The public shapes of a session, as API.md names them. Field casing follows the Apertur API (snake_case on the
 * create reply, camelCase on the page read); the password hash never appears in any of them.
 */
const iso = (ms: number): string => new Date(ms).toISOString();

/** The page link: what the QR code encodes, and the only place the session id travels to a phone. */
export const pageUrl = (publicUrl: string, id: string): string => `${publicUrl}/u/${id}`;

/** `GET /api/v1/upload/{uuid}/session`: what the page and SDKs need to know before uploading. */
export function pageView(session: Session, imagesCount: number, now: number) {
  return {
    id: session.id,
    status: sessionStatus(session, imagesCount, now),
    expiresAt: iso(session.expiresAt),
    tags: [...session.tags],
    imagesPerSession: session.maxImages,
    effectiveMaxImages: session.maxImages,
    effectiveAllowedMimeTypes: [...session.allowedMimeTypes],
    effectiveMaxImageDimension: session.maxImageDimension,
    password_protected: session.passwordHash !== null,
    imagesCount,
    effectiveMaxImageSizeBytes: session.maxImageSizeBytes,
    label: session.label,
    // (qrdrop) End-to-end encryption: the page seals each photo for this key; the server cannot open it.
    e2eEnabled: session.e2ePublicKey !== null,
    e2ePublicKey: session.e2ePublicKey,
    e2eAllowDowngrade: session.e2eAllowDowngrade,
    e2eDowngraded: session.e2eDowngraded,
  };
}

/**
 * `201` of `POST /api/v1/upload-sessions`. `destinations` lists where the photos go as `{id, type, name}` objects
 * (`sessionDestinations`): Apertur's Go and Rust SDKs decode each element strictly as that object, so bare ids
 * would fail their create call.
 */
export function createdView(session: Session, publicUrl: string, destinations: readonly SessionDestination[]) {
  const url = pageUrl(publicUrl, session.id);
  return {
    id: session.id,
    uuid: session.id,
    upload_url: url,
    qr_url: url,
    qr_specs: {
      endpoint: `${publicUrl}/api/v1/upload-sessions/${session.id}/qr`,
      formats: [...QR_FORMATS],
      params: { ...QR_DEFAULT_PARAMS },
      /** (qrdrop) each parameter's accepted values or range. */
      param_specs: QR_PARAMS,
    },
    destinations: destinations.map((d) => ({ ...d })),
    long_polling: session.longPolling,
    expires_at: iso(session.expiresAt),
    password_protected: session.passwordHash !== null,
    env: session.env,
  };
}

/** Integrator read, PATCH reply: the create reply and the page read together, plus the bookkeeping times. */
export function integratorView(
  session: Session,
  imagesCount: number,
  now: number,
  publicUrl: string,
  destinations: readonly SessionDestination[],
) {
  return {
    ...createdView(session, publicUrl, destinations),
    ...pageView(session, imagesCount, now),
    createdAt: iso(session.createdAt),
    updatedAt: iso(session.updatedAt),
    completedAt: session.completedAt === null ? null : iso(session.completedAt),
  };
}

/**
 * qrdrop has no projects: every session belongs to the one server. Apertur's Rust SDK requires `projectId` and
 * `projectName` on each list row (plain `String` fields), so the rows name this single project.
 */
export const SERVER_PROJECT = { id: 'qrdrop', name: 'qrdrop' } as const;

export interface SessionSummary {
  id: string;
  createdAt: string;
  expiresAt: string;
  status: SessionStatus;
  projectId: string;
  projectName: string;
  imagesCount: number;
  imagesDelivered: number;
  imagesFailed: number;
  destinationsCount: number;
  tags: string[];
  longPollingEnabled: boolean;
  label: string | null;
  env: 'live' | 'test';
}

/** What a list row counts besides the session itself. */
export interface SummaryCounts {
  imagesCount: number;
  imagesDelivered: number;
  imagesFailed: number;
  destinationsCount: number;
}

/**
 * A row of `GET /api/v1/sessions` and `/sessions/recent`: API.md's fields, plus the project and delivery counts
 * that Apertur's SDKs declare on the row (the Rust one refuses a row without them).
 */
export function summaryView(session: Session, counts: SummaryCounts, now: number): SessionSummary {
  return {
    id: session.id,
    createdAt: iso(session.createdAt),
    expiresAt: iso(session.expiresAt),
    status: sessionStatus(session, counts.imagesCount, now),
    projectId: SERVER_PROJECT.id,
    projectName: SERVER_PROJECT.name,
    imagesCount: counts.imagesCount,
    imagesDelivered: counts.imagesDelivered,
    imagesFailed: counts.imagesFailed,
    destinationsCount: counts.destinationsCount,
    tags: [...session.tags],
    longPollingEnabled: session.longPolling,
    label: session.label,
    env: session.env,
  };
}
