import { afterEach, describe, expect, it } from 'vitest';
import { SESSION_ID, sessionJson } from '../test/session-fixtures';
import { PAGE_DATA_ID, readPageData } from './page-data';

const PATH = `/u/${SESSION_ID}`;
const SERVER_NOW = Date.parse('2030-01-01T12:00:00Z');

function embed(content: string) {
  const block = document.createElement('script');
  block.type = 'application/json';
  block.id = PAGE_DATA_ID;
  block.textContent = content;
  document.body.append(block);
}

afterEach(() => document.getElementById(PAGE_DATA_ID)?.remove());

describe('readPageData', () => {
  it('is null on the static shell (no data block)', () => {
    expect(readPageData(document, PATH, SERVER_NOW)).toBeNull();
  });

  it('reads the language and the session, its expiry moved onto this device’s clock by the server time', () => {
    const expiresAt = '2030-01-01T13:00:00.000Z';
    embed(JSON.stringify({ lang: 'fr', serverTime: new Date(SERVER_NOW).toISOString(), session: sessionJson({ expiresAt }) }));
    const deviceNow = SERVER_NOW - 5 * 60_000; // this phone is 5 minutes behind
    const rendered = readPageData(document, PATH, deviceNow);
    expect(rendered?.lang).toBe('fr');
    expect(rendered?.session.id).toBe(SESSION_ID);
    expect(rendered?.session.expiresAt).toBe(Date.parse(expiresAt));
    expect(rendered?.session.expiresAtOnDevice).toBe(Date.parse(expiresAt) - 5 * 60_000);
  });

  it('is null, so the page reads the session itself, when the block is unusable or about another session', () => {
    const good = { lang: 'en', serverTime: new Date(SERVER_NOW).toISOString(), session: sessionJson() };
    for (const content of [
      '{not json',
      JSON.stringify({ ...good, lang: 'ko' }),
      JSON.stringify({ ...good, serverTime: 'yesterday' }),
      JSON.stringify({ ...good, session: { ...sessionJson(), status: 'lost' } }),
      JSON.stringify({ ...good, session: sessionJson({ id: '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b' }) }),
    ]) {
      embed(content);
      expect(readPageData(document, PATH, SERVER_NOW), content).toBeNull();
      document.getElementById(PAGE_DATA_ID)?.remove();
    }
  });
});
