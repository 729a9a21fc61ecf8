import type { FastifyPluginAsync } from 'fastify';
import * as v from 'valibot';
import { LANGUAGES } from '../../src/i18n/catalog-types';
import { ownedSession, rateLimitKey, requireApiKey } from '../auth';
import { Errors, HttpError } from '../errors';
import { param } from '../integrator/project';
import { MailError, SHARE, ShareMailer } from '../integrator/share-mail';
import { shortUrlOf } from '../integrator/short-link';
import { noStore } from '../no-store';
import { rateLimitError } from '../rate-limit';

const ShareBody = v.object({
  channel: v.picklist(['email', 'sms'], 'channel must be "email" or "sms"'),
  recipient: v.pipe(
    v.string('recipient is required'),
    v.trim(),
    v.minLength(1, 'recipient is required'),
    v.maxLength(SHARE.recipientMaxLength, `recipient must be at most ${SHARE.recipientMaxLength} characters`),
  ),
  sms_consent: v.optional(v.boolean('sms_consent must be true or false')),
  note: v.optional(
    v.pipe(
      v.string('note must be text'),
      v.trim(),
      v.maxLength(SHARE.noteMaxLength, `note must be at most ${SHARE.noteMaxLength} characters`),
      // eslint-disable-next-line no-control-regex -- refusing control characters is the point
      v.regex(/^[^\u0000-\u0009\u000b-\u001f\u007f]*$/, 'note may hold text and line breaks only'),
    ),
  ),
  /** (qrdrop) The language of the email; English by default. */
  lang: v.optional(v.picklist(LANGUAGES, `lang must be one of ${LANGUAGES.join(', ')}`), 'en'),
});

/** One address, no display name, no list: what a person types as "their email". */
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]{2,}$/u;

const notConfigured = (message: string) => new HttpError(501, 'channel_not_configured', message);

/**
 * `POST /api/v1/upload-sessions/{uuid}/share` (Java SDK 0.2.0, newer Go): sends the session's short link to a
 * person. Email goes through the SMTP server of SMTP_URL; SMS needs a provider qrdrop does not have, so it is 501.
 * Each session sends at most SHARE.perSessionPerHour emails an hour, on top of the key's own rate limit.
 */
export const shareRoutes: FastifyPluginAsync = async (app) => {
  const { config } = app.qrdrop;
  const mailer = config.smtp === null ? null : new ShareMailer(config.smtp, new URL(config.publicUrl).hostname);
  app.addHook('onClose', async () => mailer?.close());
  app.addHook('onSend', noStore);

  app.post('/api/v1/upload-sessions/:uuid/share', { preHandler: [requireApiKey, rateLimitKey('other')] }, async (request) => {
    const { shortLinks, now, rateLimiter } = app.qrdrop;
    const session = await ownedSession(request, param(request, 'uuid'));
    const parsed = v.safeParse(ShareBody, request.body ?? {});
    if (!parsed.success) throw Errors.badRequest(parsed.issues[0]?.message ?? 'Invalid share request.', 'invalid_share');
    const body = parsed.output;
    const at = now();
    if (session.completedAt !== null) throw Errors.sessionCompleted();
    if (session.expiresAt <= at) throw Errors.sessionExpired();
    if (body.channel === 'sms') {
      throw notConfigured('No SMS provider is configured on this server. Send the link by email, or show the QR code.');
    }
    if (mailer === null) throw notConfigured('No SMTP server is configured on this server (SMTP_URL and SMTP_FROM).');
    if (!EMAIL.test(body.recipient)) throw Errors.badRequest('recipient must be one email address, such as ana@example.com.', 'invalid_recipient');
    const quota = await rateLimiter.hit(`share:${session.id}`, SHARE.perSessionPerHour, SHARE.windowMs);
    if (!quota.allowed) throw rateLimitError(quota, at);

    const shortUrl = await shortUrlOf(shortLinks, config.publicUrl, session.id, at);
    try {
      await mailer.send({ to: body.recipient, lang: body.lang, link: shortUrl, expiresAt: session.expiresAt, label: session.label, note: body.note || null });
    } catch (error) {
      if (!(error instanceof MailError)) throw error;
      request.log.warn({ err: error }, 'share email not sent');
      throw new HttpError(502, 'share_failed', 'The email could not be sent. Try again later.');
    }
    return { ok: true, channel: body.channel, recipient: body.recipient, short_url: shortUrl };
  });
};
