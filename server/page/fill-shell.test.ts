import { describe, expect, it } from 'vitest';
import { acceptLanguages } from './accept-header';
import { escapeHtml, fillShell, jsonForScript, type RenderedPage } from './fill-shell';

const SHELL = '<!doctype html><html lang="en"><head><title>qrdrop</title></head><body><div id="root"><!--shell-start--><p>Loading</p><!--shell-end--></div></body></html>';
const PAGE: RenderedPage = { html: '<h1>Send $& photos</h1>', lang: 'fr', title: 'A "label" $1', colorScheme: null, dataId: 'page-data', data: { a: 1 } };

describe('jsonForScript', () => {
  it('leaves nothing that could end the data block or break a parser, and reads back as the same value', () => {
    const value = { label: '</script><script>alert(1)</script><!-- & > \u2028\u2029 é' };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('escapeHtml', () => {
  it('escapes markup and both quotes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;');
  });
});

describe('fillShell', () => {
  it('puts the rendered screen in place of the shell, the data block before </body>, and the language and title', () => {
    expect(fillShell(SHELL, PAGE)).toBe(
      '<!doctype html><html lang="fr"><head><title>A &#34;label&#34; $1</title></head><body><div id="root"><h1>Send $& photos</h1></div>' +
        '<script type="application/json" id="page-data">{"a":1}</script></body></html>',
    );
  });

  it('puts bodyEnd after #root, before the data block', () => {
    expect(fillShell(SHELL, { ...PAGE, bodyEnd: '<p id="line">$&</p>' })).toContain('</div><p id="line">$&</p><script type="application/json"');
  });

  it('marks a forced colour scheme on <html>', () => {
    expect(fillShell(SHELL, { ...PAGE, colorScheme: 'dark' })).toContain('<html lang="fr" data-color-scheme="dark">');
  });

  it('lays a right-to-left language out right to left from the first paint', () => {
    expect(fillShell(SHELL, { ...PAGE, lang: 'ar', dir: 'rtl' })).toContain('<html lang="ar" dir="rtl">');
    expect(fillShell(SHELL, { ...PAGE, dir: 'ltr' })).toContain('<html lang="fr">');
  });

  it('gives up (null) on an index.html without the shell markers', () => {
    expect(fillShell(SHELL.replace('<!--shell-start-->', ''), PAGE)).toBeNull();
  });
});

describe('acceptLanguages', () => {
  it('orders tags by weight, keeps ties in order, and drops q=0, * and garbage', () => {
    expect(acceptLanguages('de-DE, en;q=0.2, es;q=0.8, fr;q=0.8, it;q=0, *;q=0.1, ;q=1, pt;q=abc')).toEqual(['de-DE', 'es', 'fr', 'en']);
    expect(acceptLanguages(undefined)).toEqual([]);
  });
});
