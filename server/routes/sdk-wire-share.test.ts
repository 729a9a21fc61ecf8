import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { SHARE } from '../integrator/share-mail';
import { auth, makeTestApp, OTHER_API_KEY, type TestApp } from '../test/helpers';
import { mailHeader, mailText, type SmtpReceiver, startSmtpReceiver } from '../test/smtp-receiver';

/**
 * `POST /api/v1/upload-sessions/{uuid}/share` as the Java (0.2.0) and newer Go SDKs call it: the link goes out by
 * email through a real SMTP server on loopback (smtp-server), SMS is 501 channel_not_configured.
 */
describe('share a session by email or SMS', () => {
  let t: TestApp | undefined;
  let smtp: SmtpReceiver | undefined;
  afterEach(async () => {
    await t?.close();
    await smtp?.close();
    t = undefined;
    smtp = undefined;
  });

  const start = async (receiver: { refuse?: readonly string[] } | null = {}) => {
    smtp = receiver === null ? undefined : await startSmtpReceiver(receiver);
    t = await makeTestApp(smtp === undefined ? {} : { SMTP_URL: smtp.url, SMTP_FROM: 'qrdrop <photos@qrdrop.test>' });
    return t;
  };
  const create = async (app: TestApp['app'], body: object = {}, key?: string) => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/upload-sessions', headers: auth(key), payload: body });
    expect(response.statusCode).toBe(201);
    return response.json<{ id: string; short_url: string }>();
  };
  const share = (app: TestApp['app'], id: string, payload: object, key?: string) =>
    app.inject({ method: 'POST', url: `/api/v1/upload-sessions/${id}/share`, headers: auth(key), payload });

  it('emails the short link through the SMTP server (authenticated) and answers {ok, channel, recipient, short_url}', async () => {
    const { app } = await start();
    const session = await create(app, { label: 'Kitchen claim' });
    const response = await share(app, session.id, { channel: 'email', recipient: 'ana@example.com', note: 'Photos of the leak, please.' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ok: true, channel: 'email', recipient: 'ana@example.com', short_url: session.short_url });

    expect(smtp?.mails).toHaveLength(1);
    const mail = smtp?.mails[0];
    expect(mail).toMatchObject({ from: 'photos@qrdrop.test', to: ['ana@example.com'], user: 'qrdrop' });
    const raw = mail?.raw ?? '';
    expect(mailHeader(raw, 'subject')).toBe('Send your photos: \u2068Kitchen claim\u2069');
    const text = mailText(raw);
    expect(text).toContain(`Open this link on your phone to send photos:\n${session.short_url}\n`);
    expect(text).toContain('Photos of the leak, please.');
    // The email carries the short link, not the session id itself.
    expect(raw).not.toContain(session.id);
    const redirect = await app.inject({ url: new URL(session.short_url).pathname });
    expect(redirect.statusCode).toBe(302);
    expect(redirect.headers.location).toBe(`http://qrdrop.test/u/${session.id}`);
  });

  it('writes the email in the asked language', async () => {
    const { app } = await start();
    const session = await create(app);
    expect((await share(app, session.id, { channel: 'email', recipient: 'luc@example.fr', lang: 'fr' })).statusCode).toBe(200);
    expect(mailText(smtp?.mails[0]?.raw ?? '')).toContain(`Ouvrez ce lien sur votre téléphone pour envoyer des photos :\n${session.short_url}`);
  });

  it('isolates a Latin label in an Arabic subject, so the subject keeps its order', async () => {
    const { app } = await start();
    const session = await create(app, { label: 'Claim 2024-06 (1)' });
    expect((await share(app, session.id, { channel: 'email', recipient: 'sara@example.com', lang: 'ar' })).statusCode).toBe(200);
    expect(mailHeader(smtp?.mails[0]?.raw ?? '', 'subject')).toBe('أرسل صورك: \u2068Claim 2024-06 (1)\u2069');
  });

  it('SMS answers 501 channel_not_configured; without SMTP_URL so does email; nothing is sent', async () => {
    const { app } = await start();
    const session = await create(app);
    const sms = await share(app, session.id, { channel: 'sms', recipient: '+15145550100', sms_consent: true });
    expect(sms.statusCode).toBe(501);
    expect(sms.json()).toMatchObject({ statusCode: 501, error: 'Not Implemented', code: 'channel_not_configured' });
    expect(smtp?.mails).toHaveLength(0);
    await t?.close();

    const bare = await makeTestApp();
    t = bare;
    const other = await create(bare.app);
    const email = await share(bare.app, other.id, { channel: 'email', recipient: 'ana@example.com' });
    expect(email.statusCode).toBe(501);
    expect(email.json()).toMatchObject({ code: 'channel_not_configured' });
  });

  it('isolation and validation: another key 403, unknown session 404, bad fields 400; none of them sends mail', async () => {
    const { app } = await start();
    const session = await create(app);
    const foreign = await share(app, session.id, { channel: 'email', recipient: 'ana@example.com' }, OTHER_API_KEY);
    expect(foreign.statusCode).toBe(403);
    expect((await share(app, '00000000-0000-4000-8000-000000000000', { channel: 'email', recipient: 'ana@example.com' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: `/api/v1/upload-sessions/${session.id}/share`, payload: {} })).statusCode).toBe(401);
    const bad = [
      { channel: 'fax', recipient: 'ana@example.com' },
      { channel: 'email' },
      { channel: 'email', recipient: 'ana' },
      { channel: 'email', recipient: 'ana@example.com, bob@example.com' },
      { channel: 'email', recipient: 'ana@example.com\r\nBcc: bob@example.com' },
      { channel: 'email', recipient: 'Ana <ana@example.com>' },
      { channel: 'email', recipient: 'ana@example.com', note: 'x'.repeat(SHARE.noteMaxLength + 1) },
      { channel: 'email', recipient: 'ana@example.com', note: 'bell\u0007' },
      { channel: 'email', recipient: 'ana@example.com', lang: 'xx' },
    ];
    for (const payload of bad) {
      const response = await share(app, session.id, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().statusCode).toBe(400);
    }
    expect(smtp?.mails).toHaveLength(0);
  });

  it('a completed session is 409, an expired one 410', async () => {
    const test = await start();
    const done = await create(test.app);
    await test.app.inject({ method: 'POST', url: `/api/v1/upload-sessions/${done.id}/complete`, headers: auth() });
    expect((await share(test.app, done.id, { channel: 'email', recipient: 'ana@example.com' })).statusCode).toBe(409);
    const old = await create(test.app, { expires_in_hours: 1 });
    test.advance(3_600_000 + 1000);
    expect((await share(test.app, old.id, { channel: 'email', recipient: 'ana@example.com' })).statusCode).toBe(410);
    expect(smtp?.mails).toHaveLength(0);
  });

  it('a refused recipient is 502 share_failed without the SMTP server’s words', async () => {
    const { app } = await start({ refuse: ['nobody@example.com'] });
    const session = await create(app);
    const response = await share(app, session.id, { channel: 'email', recipient: 'nobody@example.com' });
    expect(response.statusCode).toBe(502);
    expect(response.json()).toEqual({ statusCode: 502, error: 'Bad Gateway', message: 'The email could not be sent. Try again later.', code: 'share_failed' });
    expect(response.body).not.toContain('mailbox');
  });

  it('SMTP_URL and SMTP_FROM go together, and SMTP_URL is an smtp(s) URL', () => {
    expect(() => loadConfig({ SMTP_URL: 'smtp://127.0.0.1:2525' })).toThrow(/SMTP_URL and SMTP_FROM/);
    expect(() => loadConfig({ SMTP_FROM: 'photos@example.com' })).toThrow(/SMTP_URL and SMTP_FROM/);
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example.com', SMTP_FROM: 'photos@example.com' })).toThrow(/SMTP_URL must be/);
    expect(loadConfig({ SMTP_URL: 'smtps://u:p@mail.example.com:465', SMTP_FROM: 'photos@example.com' }).smtp).toEqual({
      url: 'smtps://u:p@mail.example.com:465',
      from: 'photos@example.com',
    });
  });

  it(`one session sends at most ${SHARE.perSessionPerHour} emails an hour, then 429 with Retry-After`, async () => {
    const { app } = await start();
    const session = await create(app);
    for (let i = 0; i < SHARE.perSessionPerHour; i++) {
      expect((await share(app, session.id, { channel: 'email', recipient: `p${i}@example.com` })).statusCode).toBe(200);
    }
    const refused = await share(app, session.id, { channel: 'email', recipient: 'more@example.com' });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(smtp?.mails).toHaveLength(SHARE.perSessionPerHour);
    // Another session of the same key is not held back.
    expect((await share(app, (await create(app)).id, { channel: 'email', recipient: 'ana@example.com' })).statusCode).toBe(200);
  });
});
