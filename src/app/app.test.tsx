import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Language } from '../i18n/catalog-types';
import { TEST_CATALOGS } from '../test/catalogs';
import { SESSION_ID, errorEnvelope, json, sessionJson, stubFetch, testSessionCache } from '../test/session-fixtures';
import { App } from './app';
import { sentence } from '../test/sentence';

const renderApp = (pathname = `/u/${SESSION_ID}`, lang: Language = 'en') =>
  render(<App pathname={pathname} lang={lang} catalog={TEST_CATALOGS[lang]} sessions={testSessionCache()} />);

const heading = (name: string | RegExp) => screen.findByRole('heading', { level: 1, name });

beforeEach(() => sessionStorage.clear());
afterEach(() => vi.useRealTimers());

describe('the session page', () => {
  it('says "Invalid link" for a malformed id, without any request', async () => {
    const fetchMock = stubFetch(() => json(200, sessionJson()));
    renderApp('/u/not-a-session');
    expect(await heading('Invalid link')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy details' })).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('shows the loading screen, then the ready screen with the remaining count', async () => {
    stubFetch(() => json(200, sessionJson({ imagesCount: 7 })));
    renderApp();
    expect(screen.getByRole('heading', { level: 1, name: 'Loading…' })).toBeTruthy();
    expect(await heading('Send your photos')).toBeTruthy();
    expect(screen.getByText('3 of 10 photos left')).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');
    expect(document.title).toBe('Send photos');
  });

  it('uses the session label as the page title and main heading', async () => {
    stubFetch(() => json(200, sessionJson({ label: 'Claim 4471: water damage' })));
    renderApp();
    expect(await heading('Claim 4471: water damage')).toBeTruthy();
    expect(document.title).toBe('Claim 4471: water damage');
  });

  it('reads the session from the page route, once', async () => {
    const fetchMock = stubFetch(() => json(200, sessionJson()));
    renderApp();
    await heading('Send your photos');
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(fetchMock.mock.calls[0]?.[0]).toBe(`/api/v1/upload/${SESSION_ID}/session`);
  });

  it.each([
    [404, 'Not Found', 'Session not found'],
    [410, 'Gone', 'Session expired'],
    [409, 'Conflict', 'Session already completed'],
    [422, 'Unprocessable Entity', 'Session full'],
    [403, 'Forbidden', "This link can't be used"],
  ])('answers %s with its screen, without retrying', async (status, error, title) => {
    const fetchMock = stubFetch(() => errorEnvelope(status, error, 'Nope.', 'some_code'));
    renderApp();
    expect(await heading(title)).toBeTruthy();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('button', { name: 'Tap to retry' })).toBeNull();
  });

  it.each([
    [{ status: 'expired' }, 'Session expired'],
    [{ status: 'completed' }, 'Session already completed'],
    [{ imagesCount: 10 }, 'Session full'],
    [{ expiresAt: new Date(Date.now() - 1000).toISOString() }, 'Session expired'],
  ])('shows the screen a readable session calls for (%o)', async (overrides, title) => {
    stubFetch(() => json(200, sessionJson(overrides)));
    renderApp();
    expect(await heading(title)).toBeTruthy();
  });

  it('says "Session expired" when the countdown reaches expiresAt while the page is open', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    stubFetch(() => json(200, sessionJson({ expiresAt: new Date(Date.now() + 90_000).toISOString() })));
    renderApp();
    await heading('Send your photos');
    expect(screen.getByText(sentence(/^Time left: 1 min$/))).toBeTruthy();
    await vi.advanceTimersByTimeAsync(91_000);
    expect(await heading('Session expired')).toBeTruthy();
  });

  it('retries server trouble, then offers "Tap to retry", which works', async () => {
    let answer = () => errorEnvelope(503, 'Service Unavailable', 'The server is shutting down.', 'unavailable');
    const fetchMock = stubFetch(() => answer());
    renderApp();
    expect(await heading('Connection problem')).toBeTruthy();
    expect(fetchMock).toHaveBeenCalledTimes(4);
    answer = () => json(200, sessionJson());
    await userEvent.click(screen.getByRole('button', { name: 'Tap to retry' }));
    expect(await heading('Send your photos')).toBeTruthy();
  });

  it('says "Connection problem, retrying…" while retrying a lost connection', async () => {
    let calls = 0;
    let release = () => undefined as void;
    stubFetch(async () => {
      calls += 1;
      if (calls === 1) throw new TypeError('Failed to fetch');
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return json(200, sessionJson());
    });
    renderApp();
    expect(await screen.findByText('Connection problem, retrying…')).toBeTruthy();
    release();
    expect(await heading('Send your photos')).toBeTruthy();
  });

  it('treats a 200 that is not the session (a captive portal page) as a connection problem', async () => {
    stubFetch(() => new Response('<html><body>Log in to the hotel Wi-Fi</body></html>', { status: 200, headers: { 'content-type': 'text/html' } }));
    renderApp();
    expect(await heading('Connection problem')).toBeTruthy();
  });

  it('copies what support needs: session, status, server message, code, request id, time', async () => {
    const writeText = vi.fn(async (_text: string) => undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    stubFetch(() => errorEnvelope(404, 'Not Found', 'Session not found.', 'session_not_found', { 'x-request-id': 'req-7f3a' }));
    renderApp();
    await heading('Session not found');
    await userEvent.click(screen.getByRole('button', { name: 'Copy details' }));
    expect(await screen.findByText('Details copied')).toBeTruthy();
    const text = writeText.mock.calls[0]?.[0] ?? '';
    expect(text).toContain('Problem: Session not found');
    expect(text).toContain(`Session: ${SESSION_ID}`);
    expect(text).toContain('HTTP status: 404');
    expect(text).toContain('Server message: Session not found.');
    expect(text).toContain('Code: session_not_found');
    expect(text).toContain('Request id: req-7f3a');
    expect(text).toMatch(/Time: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/);
  });

  it('shows the details to copy by hand when the clipboard is refused', async () => {
    vi.stubGlobal('navigator', { ...navigator, clipboard: undefined });
    stubFetch(() => errorEnvelope(410, 'Gone', 'This session has expired.', 'session_expired'));
    renderApp();
    await heading('Session expired');
    await userEvent.click(screen.getByRole('button', { name: 'Copy details' }));
    expect(await screen.findByText(/Select the text below and copy it/)).toBeTruthy();
    const box = screen.getByRole('textbox', { name: 'Details for support' });
    expect((box as HTMLTextAreaElement).value).toContain('HTTP status: 410');
    expect(document.activeElement).toBe(box);
  });
});

describe('the password', () => {
  const protectedSession = (check: (password: string) => boolean) =>
    stubFetch(({ url, body }) => {
      if (url.endsWith('/verify-password')) {
        const password = typeof body === 'string' ? String(JSON.parse(body).password) : '';
        return json(200, { valid: check(password) });
      }
      return json(200, sessionJson({ password_protected: true }));
    });

  it('says a wrong password is wrong, takes the right one, and is not asked again after a reload', async () => {
    protectedSession((password) => password === 'open sesame');
    const first = renderApp();
    expect(await heading('Password required')).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(screen.getByRole('alert').textContent).toBe('Enter the password.');

    await userEvent.type(screen.getByLabelText('Password'), 'guess');
    await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('Wrong password'));
    expect(screen.getByLabelText('Password').getAttribute('aria-invalid')).toBe('true');

    await userEvent.clear(screen.getByLabelText('Password'));
    await userEvent.type(screen.getByLabelText('Password'), 'open sesame');
    await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(await heading('Send your photos')).toBeTruthy();

    first.unmount();
    renderApp();
    expect(await heading('Send your photos')).toBeTruthy();
  });

  it('lets the password be shown while typing', async () => {
    protectedSession(() => false);
    renderApp();
    await heading('Password required');
    expect(screen.getByLabelText('Password').getAttribute('type')).toBe('password');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Show password' }));
    expect(screen.getByLabelText('Password').getAttribute('type')).toBe('text');
  });

  it('says so when too many attempts were made', async () => {
    stubFetch(({ url }) =>
      url.endsWith('/verify-password')
        ? errorEnvelope(429, 'Too Many Requests', 'Too many requests. Try again in 60 s.', 'rate_limited', { 'retry-after': '60' })
        : json(200, sessionJson({ password_protected: true })),
    );
    renderApp();
    await heading('Password required');
    await userEvent.type(screen.getByLabelText('Password'), 'guess');
    await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Too many attempts. Wait a moment, then try again.'));
  });
});

describe('languages', () => {
  it('renders French, and sets <html lang>', async () => {
    stubFetch(() => errorEnvelope(404, 'Not Found', 'Session not found.', 'session_not_found'));
    renderApp(`/u/${SESSION_ID}`, 'fr');
    expect(await heading('Session introuvable')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copier les détails' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('fr');
  });

  it('renders Spanish', async () => {
    stubFetch(() => json(200, sessionJson({ imagesCount: 2 })));
    renderApp(`/u/${SESSION_ID}`, 'es');
    expect(await heading('Envía tus fotos')).toBeTruthy();
    expect(screen.getByText('Quedan 8 fotos de 10')).toBeTruthy();
    expect(screen.getByLabelText('Tomar foto')).toBeTruthy();
    expect(document.documentElement.lang).toBe('es');
  });
});
