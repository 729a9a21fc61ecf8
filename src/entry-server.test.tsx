import { act, screen } from '@testing-library/react';
import { StrictMode } from 'react';
import { hydrateRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from './app/app';
import { readPageData } from './app/page-data';
import { renderPage } from './entry-server';
import { ALL_CATALOGS as CATALOGS } from './i18n/all-catalogs';
import { createSessionCache } from './session';
import { HOUR_MS, SESSION_ID, sessionJson } from './test/session-fixtures';
import { sentence } from './test/sentence';

/**
 * The server's markup and the page's first render must be the same, or hydration throws the server's work away
 * (and React says so on the console, which fails these tests). Hydrated here as src/main.tsx does it.
 */

const PATH = `/u/${SESSION_ID}`;
let root: Root | undefined;
let container: HTMLElement | undefined;
afterEach(() => {
  act(() => root?.unmount());
  container?.remove();
  root = undefined;
});

async function renderThenHydrate(session: Record<string, unknown>, search = '', acceptLanguages: string[] = [], hydrateAfterMs = 0) {
  const page = renderPage({ pathname: PATH, search, acceptLanguages, session, serverTime: Date.now() });
  if (page === null) throw new Error('renderPage refused the session');
  // The page's first byte arrives now; its script may run much later on a slow phone.
  const arrivedAt = Date.now();
  if (hydrateAfterMs > 0) {
    const realNow = Date.now.bind(Date);
    vi.spyOn(Date, 'now').mockImplementation(() => realNow() + hydrateAfterMs);
  }
  container = document.createElement('div');
  container.innerHTML = page.html;
  document.body.append(container);
  const block = Object.assign(document.createElement('script'), { type: 'application/json', id: page.dataId, textContent: JSON.stringify(page.data) });
  container.append(block);
  const serverHeading = container.querySelector('h1')?.textContent;
  const rendered = readPageData(document, PATH, arrivedAt);
  block.remove();
  if (rendered === null) throw new Error('the page could not read its data block');
  const sessions = createSessionCache();
  sessions.seed(rendered.session);
  const fetchSpy = vi.spyOn(globalThis, 'fetch');
  // A mismatch React recovers from (by rendering afresh) is reported here rather than on the console.
  const recovered: unknown[] = [];
  await act(async () => {
    root = hydrateRoot(
      container as HTMLElement,
      <StrictMode>
        <App pathname={PATH} lang={rendered.lang} catalog={CATALOGS[rendered.lang]} sessions={sessions} renderTime={rendered.renderTime} />
      </StrictMode>,
      { onRecoverableError: (error) => recovered.push(error) },
    );
  });
  expect(recovered).toEqual([]);
  expect(fetchSpy).not.toHaveBeenCalled();
  return { page, serverHeading };
}

describe('server render, then hydration', () => {
  it('hydrates the ready screen without a mismatch or a request, and the pickers are React’s', async () => {
    const { page, serverHeading } = await renderThenHydrate(sessionJson({ imagesCount: 3 }));
    expect(serverHeading).toBe(CATALOGS.en['ready.heading']);
    expect(page.title).toBe(CATALOGS.en['app.title']);
    expect(screen.getAllByRole('heading', { level: 1, name: CATALOGS.en['ready.heading'] })).toHaveLength(1);
    expect(screen.getAllByText('7 of 10 photos left')).toHaveLength(1);
    expect(screen.getAllByLabelText(CATALOGS.en['picker.takePhoto'])).toHaveLength(1);
  });

  it('hydrates a time left that changed on the way (a slow phone) without a mismatch, and shows the right one', async () => {
    await renderThenHydrate(sessionJson({ expiresAt: new Date(Date.now() + 30 * 60_000 + 30_000).toISOString() }), '', [], 5 * 60_000);
    // Hydrated as the server sent it; the countdown's next tick (each second) redraws it.
    expect(screen.getAllByText(sentence('Time left: 30 min'))).toHaveLength(1);
    expect(await screen.findByText(sentence('Time left: 25 min'), {}, { timeout: 3_000 })).toHaveProperty('className', 'countdown');
  });

  it('hydrates a session that expired on the way as the server sent it, then says it expired', async () => {
    await renderThenHydrate(sessionJson({ expiresAt: new Date(Date.now() + 60_000).toISOString() }), '', [], 2 * 60_000);
    expect(await screen.findByRole('heading', { level: 1, name: CATALOGS.en['error.sessionExpired'] })).toHaveProperty('tagName', 'H1');
  });

  it('hydrates in French and Spanish, from ?lang= or Accept-Language', async () => {
    const french = await renderThenHydrate(sessionJson(), '', ['fr-FR', 'en']);
    expect(french.page.lang).toBe('fr');
    expect(screen.getAllByRole('heading', { level: 1, name: CATALOGS.fr['ready.heading'] })).toHaveLength(1);
    act(() => root?.unmount());
    container?.remove();
    const spanish = await renderThenHydrate(sessionJson(), '?lang=es', ['fr']);
    expect(spanish.page.lang).toBe('es');
    expect(screen.getAllByRole('heading', { level: 1, name: CATALOGS.es['ready.heading'] })).toHaveLength(1);
  });

  it('hydrates the completed, expired, full and password-protected screens, and names the page after the label', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ status: 'completed' }, CATALOGS.en['error.sessionCompleted']],
      [{ status: 'expired', expiresAt: new Date(Date.now() - HOUR_MS).toISOString() }, CATALOGS.en['error.sessionExpired']],
      [{ imagesCount: 10 }, CATALOGS.en['error.sessionFull']],
      // The password form comes in its own chunk: server and first render both show the loading screen.
      [{ password_protected: true }, CATALOGS.en['loading.title']],
    ];
    for (const [overrides, title] of cases) {
      const { serverHeading } = await renderThenHydrate(sessionJson(overrides));
      expect(serverHeading, JSON.stringify(overrides)).toBe(title);
      act(() => root?.unmount());
      container?.remove();
    }
    const labelled = await renderThenHydrate(sessionJson({ label: 'Claim 4411' }));
    expect(labelled.page.title).toBe('Claim 4411');
    expect(labelled.serverHeading).toBe('Claim 4411');
  });

  it('refuses (null) a session the page could not parse, so the server sends the static shell', () => {
    expect(renderPage({ pathname: PATH, search: '', acceptLanguages: [], session: { id: SESSION_ID }, serverTime: Date.now() })).toBeNull();
    expect(renderPage({ pathname: '/u/3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b', search: '', acceptLanguages: [], session: sessionJson(), serverTime: Date.now() })).toBeNull();
  });
});
