import { renderToStaticMarkup } from 'react-dom/server';
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { pl } from '../i18n/pl';
import type { PluralForms } from '../i18n/catalog-types';
import type { BootWindow } from './boot-contract';
import { startBoot } from './boot-script';
import { BootStatus } from './boot-status';
import { takeEarlyPicks } from './early-picks';

/**
 * A page as the server sends it (its own document per test): the painted buttons' inputs in #root, the boot status
 * line after it, and a listener on #root standing for React's.
 */
function paintedPage(lang = 'en', forms: PluralForms = en['boot.received']) {
  const doc = document.implementation.createHTMLDocument('qrdrop');
  doc.documentElement.lang = lang;
  doc.body.innerHTML = `<div id="root"><label>Take photo<input type="file" capture="environment"></label><label>Choose photos<input type="file" multiple></label><input type="text"></div>
    <input type="file" id="elsewhere">${renderToStaticMarkup(createElement(BootStatus, { forms }))}`;
  const [camera, gallery, text] = [...doc.querySelectorAll('#root input')] as HTMLInputElement[];
  const reactSaw: string[] = [];
  doc.getElementById('root')?.addEventListener('change', (event) => reactSaw.push((event.target as HTMLInputElement).type), true);
  const win = { document: doc } as unknown as BootWindow;
  const status = () => doc.querySelector('[role="status"]')?.textContent ?? '(no line)';
  return { doc, win, camera: camera!, gallery: gallery!, text: text!, elsewhere: doc.getElementById('elsewhere') as HTMLInputElement, reactSaw, status };
}

const photo = (name: string) => new File([name], name, { type: 'image/jpeg' });

/** What a person picking files does to the input: its files set, then a `change` that bubbles. */
function pick(input: HTMLInputElement, files: File[]): void {
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

const names = (picks: ReturnType<typeof takeEarlyPicks>) => picks.map((p) => `${p.source}: ${p.files.map((f) => f.name).join(', ')}`);

describe('the boot script', () => {
  it('keeps every pick on the painted buttons, says how many photos it has, and keeps React from seeing them', () => {
    const page = paintedPage();
    startBoot(page.win);
    expect(page.status()).toBe('');
    pick(page.gallery, [photo('a.jpg'), photo('b.jpg')]);
    expect(page.status()).toBe('2 photos received. Sending starts in a moment…');
    pick(page.camera, [photo('c.jpg')]);
    expect(page.status()).toBe('3 photos received. Sending starts in a moment…');
    expect(page.reactSaw).toEqual([]);
    expect(names(takeEarlyPicks(page.win))).toEqual(['gallery: a.jpg, b.jpg', 'camera: c.jpg']);
  });

  it('takes what was picked before it ran: the inputs hold the files of a change nobody heard', () => {
    const page = paintedPage();
    pick(page.camera, [photo('before.jpg')]);
    startBoot(page.win);
    expect(page.status()).toBe('1 photo received. Sending starts in a moment…');
    pick(page.gallery, [photo('after.jpg')]);
    expect(page.status()).toBe('2 photos received. Sending starts in a moment…');
    expect(names(takeEarlyPicks(page.win))).toEqual(['camera: before.jpg', 'gallery: after.jpg']);
    expect(takeEarlyPicks(page.win), 'taken once').toEqual([]);
  });

  it('says it in the page’s language and plural form', () => {
    const page = paintedPage('pl', pl['boot.received']);
    startBoot(page.win);
    pick(page.gallery, [photo('a.jpg'), photo('b.jpg')]);
    expect(page.status()).toBe('Odebrano 2 zdjęcia. Wysyłanie zaraz się zacznie…');
    pick(page.gallery, [photo('c.jpg'), photo('d.jpg'), photo('e.jpg')]);
    expect(page.status()).toBe('Odebrano 5 zdjęć. Wysyłanie zaraz się zacznie…');
  });

  it('hands the picks over once: then the line is empty, nothing more is kept, and React gets every change', () => {
    const page = paintedPage();
    startBoot(page.win);
    pick(page.gallery, [photo('a.jpg')]);
    expect(names(takeEarlyPicks(page.win))).toEqual(['gallery: a.jpg']);
    expect(page.status()).toBe('');
    pick(page.gallery, [photo('b.jpg')]);
    expect(page.reactSaw).toEqual(['file']);
    expect(page.status()).toBe('');
    expect(takeEarlyPicks(page.win)).toEqual([]);
  });

  it('clears the input, so the same photo picked again is a change too; an empty pick is no pick', () => {
    const page = paintedPage();
    startBoot(page.win);
    const input = page.gallery;
    let cleared = false;
    Object.defineProperty(input, 'value', { configurable: true, get: () => '', set: (value: string) => void (cleared = value === '') });
    pick(input, [photo('a.jpg')]);
    expect(cleared).toBe(true);
    pick(input, []);
    expect(page.status()).toBe('1 photo received. Sending starts in a moment…');
    expect(takeEarlyPicks(page.win)).toHaveLength(1);
  });

  it('leaves alone what is not a painted file input', () => {
    const page = paintedPage();
    startBoot(page.win);
    page.text.dispatchEvent(new Event('change', { bubbles: true }));
    pick(page.elsewhere, [photo('x.jpg')]);
    expect(page.reactSaw).toEqual(['text']);
    expect(takeEarlyPicks(page.win)).toEqual([]);
  });

  it('stays out when the page took over first, and installs only once', () => {
    const late = paintedPage();
    expect(takeEarlyPicks(late.win)).toEqual([]);
    startBoot(late.win);
    pick(late.gallery, [photo('a.jpg')]);
    expect(late.reactSaw).toEqual(['file']);
    expect(late.status()).toBe('');

    const twice = paintedPage();
    startBoot(twice.win);
    startBoot(twice.win);
    pick(twice.gallery, [photo('b.jpg')]);
    expect(names(takeEarlyPicks(twice.win))).toEqual(['gallery: b.jpg']);
  });
});
