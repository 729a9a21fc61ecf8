import { createTransport } from 'nodemailer';
import { SHARE_EMAIL } from '../../src/i18n/share-email';
import type { Language } from '../../src/i18n/catalog-types';
import { isolate } from '../../src/i18n/isolate';

/** Limits of `POST …/share`, in one visible place. */
export const SHARE = {
  recipientMaxLength: 254,
  noteMaxLength: 500,
  /** Emails one session may send in an hour: the route must not become a way to mail anyone, at any rate. */
  perSessionPerHour: 10,
  windowMs: 3_600_000,
  connectionTimeoutMs: 10_000,
  greetingTimeoutMs: 10_000,
  socketTimeoutMs: 20_000,
} as const;

export interface ShareEmail {
  to: string;
  lang: Language;
  link: string;
  expiresAt: number;
  label: string | null;
  note: string | null;
}

const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (placeholder, name: string) => values[name] ?? placeholder);

/**
 * Subject and plain-text body, in the asked language. Plain text only: nothing the integrator wrote is markup. The
 * label is isolated in the subject (U+2068…U+2069), so a Latin label in an Arabic subject keeps both in order; the
 * link stays bare on its own line, where a mail client's link detection must not take the marks with it.
 */
export function composeShareEmail(mail: ShareEmail): { subject: string; text: string } {
  const text = SHARE_EMAIL[mail.lang];
  const expires = `${new Intl.DateTimeFormat(mail.lang, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(mail.expiresAt)} UTC`;
  const parts = [fill(text.body, { link: mail.link, expires })];
  if (mail.note !== null) parts.push(fill(text.note, { note: mail.note }));
  parts.push('--', text.footer);
  return {
    subject: mail.label === null ? text.subject : fill(text.subjectLabelled, { label: isolate(mail.label) }),
    text: `${parts.join('\n\n')}\n`,
  };
}

/** Why a mail was not sent. The SMTP server's own words stay in the log, never in the answer. */
export class MailError extends Error {
  override name = 'MailError';
}

/** One SMTP transport from SMTP_URL (no pool: shares are rare), with bounded waits at every step. */
export class ShareMailer {
  readonly #transport;
  readonly #from: string;

  constructor(smtp: { url: string; from: string }, heloName: string) {
    this.#transport = createTransport({
      url: smtp.url,
      name: heloName,
      connectionTimeout: SHARE.connectionTimeoutMs,
      greetingTimeout: SHARE.greetingTimeoutMs,
      socketTimeout: SHARE.socketTimeoutMs,
    });
    this.#from = smtp.from;
  }

  async send(mail: ShareEmail): Promise<void> {
    const { subject, text } = composeShareEmail(mail);
    try {
      const info = await this.#transport.sendMail({ from: this.#from, to: mail.to, subject, text });
      if (info.rejected.length > 0) throw new MailError(`recipient refused: ${info.response}`);
    } catch (error) {
      throw error instanceof MailError ? error : new MailError(error instanceof Error ? error.message : 'send failed', { cause: error });
    }
  }

  close(): void {
    this.#transport.close();
  }
}
