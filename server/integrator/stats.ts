import * as v from 'valibot';
import type { Db } from '../db';
import { PROJECT } from './project';

const Totals = v.object({
  sessions_total: v.number(),
  sessions_this_month: v.number(),
  images_uploaded: v.number(),
  images_delivered: v.number(),
  deliveries_sent: v.number(),
  deliveries_failed: v.number(),
});

/** The first instant of `now`'s calendar month, UTC. */
export const monthStart = (now: number): number => {
  const date = new Date(now);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
};

/** A key's counts behind `GET /api/v1/stats`, as one row of its totals query reads them on either backend. */
export type KeyTotals = v.InferOutput<typeof Totals>;
export const keyTotalsFromRow = (row: unknown): KeyTotals => v.parse(Totals, row);

/** The totals of one key's sessions, photos and deliveries in SQLite (`since`: the start of this month). */
export function keyTotals(db: Db, apiKeyId: string, since: number): KeyTotals {
  return keyTotalsFromRow(
    db
      .prepare(
        `SELECT
           (SELECT COUNT(*) FROM sessions WHERE api_key_id = @key) AS sessions_total,
           (SELECT COUNT(*) FROM sessions WHERE api_key_id = @key AND created_at >= @month) AS sessions_this_month,
           (SELECT COUNT(*) FROM images i JOIN sessions s ON s.id = i.session_id WHERE s.api_key_id = @key) AS images_uploaded,
           (SELECT COUNT(*) FROM (SELECT 1 FROM deliveries d JOIN sessions s ON s.id = d.session_id WHERE s.api_key_id = @key
              GROUP BY d.image_id HAVING MIN(d.status = 'sent') = 1)) AS images_delivered,
           (SELECT COUNT(*) FROM deliveries d JOIN sessions s ON s.id = d.session_id WHERE s.api_key_id = @key AND d.status = 'sent') AS deliveries_sent,
           (SELECT COUNT(*) FROM deliveries d JOIN sessions s ON s.id = d.session_id WHERE s.api_key_id = @key AND d.status = 'failed') AS deliveries_failed`,
      )
      .get({ key: apiKeyId, month: since }),
  );
}

/**
 * `GET /api/v1/stats` for one key: its sessions and photos only. A photo counts as delivered when every one of its
 * deliveries was sent; the success rate is sent / (sent + given up) deliveries, 0–1, and 0 while none finished.
 */
export function statsView(totals: KeyTotals, activeKeys: number) {
  const finished = totals.deliveries_sent + totals.deliveries_failed;
  return {
    sessionsThisMonth: totals.sessions_this_month,
    sessionsTotal: totals.sessions_total,
    imagesUploaded: totals.images_uploaded,
    imagesDelivered: totals.images_delivered,
    deliverySuccessRate: finished === 0 ? 0 : totals.deliveries_sent / finished,
    totalProjects: 1,
    activeKeys,
    topProjects: [{ id: PROJECT.id, name: PROJECT.name, sessions: totals.sessions_total }],
  };
}
