import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeClock } from '../test/fake-clock';
import { passThrough, photo } from '../test/queue-harness';
import { createScriptedTransport, flush } from '../test/scripted-transport';
import type { PageSession } from './api/get-session';
import { readPassword, savePassword } from './password-store';
import { SessionView } from './session-view';
import { SESSION_ID, json, stubFetch } from '../test/session-fixtures';
import { renderWithProviders } from '../test/render';
import { sentence } from '../test/sentence';
import { isolate } from '../i18n/isolate';

const session = (overrides: Partial<PageSession> = {}): PageSession => ({
  id: SESSION_ID,
  status: 'pending',
  expiresAt: Date.now() + 3_600_000,
  expiresAtOnDevice: Date.now() + 3_600_000,
  tags: [],
  imagesPerSession: 10,
  effectiveMaxImages: 10,
  effectiveAllowedMimeTypes: ['image/jpeg', 'image/png'],
  effectiveMaxImageDimension: null,
  password_protected: false,
  imagesCount: 7,
  effectiveMaxImageSizeBytes: 20 * 1024 * 1024,
  label: null,
  ...overrides,
});

/** The session screens over the real upload queue, with its network, clock and compression scripted. */
function renderSession(overrides: Partial<PageSession> = {}) {
  const scripted = createScriptedTransport();
  const time = createFakeClock(Date.now());
  let nextId = 1;
  const engine = { transport: scripted.transport, clock: time.clock, prepare: passThrough, createId: () => `id-${nextId++}`, random: () => 0.5 };
  renderWithProviders(<SessionView session={session(overrides)} engine={engine} />);
  return { ...scripted, ...time };
}
type Harness = ReturnType<typeof renderSession>;

/** Picks files the way a person does, then waits for the upload engine (fetched on first pick) to send them. */
async function addFiles(harness: Harness, names: string[]) {
  const before = harness.calls.length;
  await userEvent.upload(
    screen.getByLabelText('Choose photos'),
    names.map((name) => photo(name)),
  );
  // The first pick of the file imports the after-pick chunk cold: on a loaded machine that is over waitFor's 1 s default.
  await waitFor(() => expect(harness.calls.length).toBeGreaterThan(before), { timeout: 5_000 });
  await act(flush);
}

const respondAll = async (harness: Harness, status: number, body: unknown = {}, headers: Record<string, string> = {}) => {
  await act(async () => {
    for (const call of harness.pending()) call.respond(status, body, headers);
    await flush();
  });
};

afterEach(() => sessionStorage.clear());

describe('SessionView', () => {
  it('shows the ready screen: remaining count, time left, both pickers', () => {
    renderSession({ label: 'Kitchen photos', expiresAtOnDevice: Date.now() + 90 * 60_000 });
    expect(screen.getByRole('heading', { level: 1, name: 'Kitchen photos' })).toBeTruthy();
    expect(screen.getByText('3 of 10 photos left')).toBeTruthy();
    expect(screen.getByText(sentence(/^Time left: 1 hr (29|30) min$/))).toBeTruthy();
    expect(screen.getByLabelText('Take photo').getAttribute('capture')).toBe('environment');
    expect(screen.getByLabelText('Choose photos').hasAttribute('multiple')).toBe(true);
    expect(screen.getByText(sentence(/JPEG or PNG, up to 20 MB each\./))).toBeTruthy();
  });

  it('follows uploads, then says how many were sent, with "Add more" while slots remain', async () => {
    const harness = renderSession();
    await addFiles(harness, ['a.jpg', 'b.jpg']);
    expect(screen.getByRole('status', { name: '' }).textContent).toBe('Sending photos: 0 of 2 sent');
    await act(async () => {
      harness.pending()[0]?.progress(500, 1000);
      await flush();
    });
    const bar = screen.getByRole('progressbar', { name: `Sending ${isolate('a.jpg')}` });
    expect(bar.getAttribute('aria-valuenow')).toBe('50');
    await respondAll(harness, 201, { id: 'img', filename: 'a.jpg', size_bytes: 1000 });

    expect(screen.getByRole('heading', { level: 1, name: '2 photos sent' })).toBeTruthy();
    expect(screen.getByText('You can close this page.')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Add more' }));
    expect(screen.getByRole('heading', { level: 1, name: 'Send your photos' })).toBeTruthy();
    expect(screen.getByText('1 of 10 photos left')).toBeTruthy();
  });

  it('offers no "Add more" once the session is full', async () => {
    const harness = renderSession({ imagesCount: 9 });
    await addFiles(harness, ['last.jpg']);
    await respondAll(harness, 201, { id: 'img' });
    expect(screen.getByRole('heading', { level: 1, name: '1 photo sent' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Add more' })).toBeNull();
  });

  it('marks a refused file with its message and a remove button while the others go on', async () => {
    const harness = renderSession();
    await addFiles(harness, ['big.jpg', 'ok.jpg']);
    await act(async () => {
      const [big, ok] = harness.pending();
      big?.respond(413, { statusCode: 413, error: 'Payload Too Large', message: 'The file is larger than this session allows (20 MB).' });
      ok?.respond(201, { id: 'img' });
      await flush();
    });
    const bigItem = screen.getByText('big.jpg').closest('li');
    if (bigItem === null) throw new Error('no list item');
    expect(within(bigItem).getByText('File too large')).toBeTruthy();
    expect(within(bigItem).getByText(/larger than this session allows/)).toBeTruthy();
    expect(screen.getByRole('status', { name: '' }).textContent).toBe('1 photo sent. 1 photo was refused.');
    await userEvent.click(within(bigItem).getByRole('button', { name: `Remove ${isolate('big.jpg')}` }));
    expect(screen.getByRole('heading', { level: 1, name: '1 photo sent' })).toBeTruthy();
  });

  it.each([
    [410, 'Gone', 'Session expired'],
    [409, 'Conflict', 'Session already completed'],
    [422, 'Unprocessable Entity', 'Session full'],
    [404, 'Not Found', 'Session not found'],
  ])('stops on %s and shows the session screen, keeping what got through', async (status, error, title) => {
    const harness = renderSession();
    await addFiles(harness, ['first.jpg']);
    await respondAll(harness, 201, { id: 'img' });
    await userEvent.click(screen.getByRole('button', { name: 'Add more' }));
    await addFiles(harness, ['second.jpg']);
    await respondAll(harness, status, { statusCode: status, error, message: 'Nope.' }, { 'x-request-id': 'req-42' });

    expect(screen.getByRole('heading', { level: 1, name: title })).toBeTruthy();
    expect(screen.getByText('1 photo was sent before this.')).toBeTruthy();
    expect(screen.getByText('first.jpg')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy details' })).toBeTruthy();
  });

  it('pauses on 429 with a countdown, announced once', async () => {
    const harness = renderSession();
    await addFiles(harness, ['a.jpg']);
    await respondAll(harness, 429, { statusCode: 429, error: 'Too Many Requests', message: 'Slow down.' }, { 'retry-after': '30' });
    expect(screen.getByRole('status', { name: '' }).textContent).toBe('Too many uploads. Sending will resume by itself.');
    expect(screen.getByText(sentence(/^Resuming in \d+ sec/))).toBeTruthy();
  });

  it('asks for the password again when an upload gets 401, then resumes', async () => {
    savePassword(SESSION_ID, 'old-password');
    stubFetch(({ url, body }) => {
      if (url.endsWith('/verify-password')) return json(200, { valid: body === JSON.stringify({ password: 'new-password' }) });
      return json(404, {});
    });
    const harness = renderSession({ password_protected: true });
    await addFiles(harness, ['a.jpg']);
    expect(harness.pending()[0]?.request.headers['x-session-password']).toBe('old-password');
    await respondAll(harness, 401, { statusCode: 401, error: 'Unauthorized', message: 'This session needs the right password.' });

    // The password screen is fetched only for protected sessions.
    expect(await screen.findByRole('heading', { level: 1, name: 'Password required' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('Wrong password');
    expect(readPassword(SESSION_ID)).toBeUndefined();

    await userEvent.type(screen.getByLabelText('Password'), 'new-password');
    await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await screen.findByRole('heading', { level: 1, name: 'Send your photos' });
    await act(flush);
    expect(harness.pending()[0]?.request.headers['x-session-password']).toBe('new-password');
  });
});
