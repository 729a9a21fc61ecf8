import type { Scenario } from './scenario-kit';
import { RELEASE_PATH } from './harness-server';

/**
 * Photos picked on the painted page before the main bundle runs (issue 16), in every engine. The harness holds the
 * main bundle back; the init script (first in the page) waits for the boot script, picks three photos on the
 * server-rendered inputs (JPEGs drawn on a canvas, put on the input as a picker does: its `files`, then `change`),
 * notes what the screen says and that React has not started, and only then lets the bundle go. The drivers wait
 * for the page to load before anything else, which the held bundle would not allow: so the page acts itself.
 */
/** What the harness holds back and the init script waits for before it picks. */
type Before = 'main bundle' | 'every script';

const pickBefore = (before: Before) => `(() => {
  const early = (window.__enginesEarly = {});
  const photo = (seed, name) => new Promise((resolve, reject) => {
    const canvas = document.createElement('canvas');
    canvas.width = 640;
    canvas.height = 480;
    const g = canvas.getContext('2d');
    g.fillStyle = 'hsl(' + seed * 97 + ', 60%, 50%)';
    g.fillRect(0, 0, 640, 480);
    g.fillStyle = '#fff';
    g.fillRect(seed * 40, seed * 30, 200, 120);
    canvas.toBlob((blob) => (blob ? resolve(new File([blob], name, { type: 'image/jpeg' })) : reject(new Error('no JPEG from the canvas'))), 'image/jpeg', 0.9);
  });
  const pick = async (input, files) => {
    const transfer = new DataTransfer();
    for (const file of files) transfer.items.add(file);
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  };
  const tick = () => new Promise((resolve) => setTimeout(resolve, 20));
  (async () => {
    // The painted buttons, then (unless it is held back too) the boot script: a page without one, as before it,
    // goes on at once and fails below.
    while (document.querySelector('#root input[type=file]') === null) await tick();
    const waitForBoot = ${JSON.stringify(before === 'main bundle')};
    while (waitForBoot && window.qrdropBoot === undefined && document.querySelector('script[src*="/boot"]') !== null) await tick();
    await pick(document.querySelector('#root input[type=file]:not([capture])'), [await photo(1, 'one.jpg'), await photo(2, 'two.jpg')]);
    await pick(document.querySelector('#root input[type=file][capture]'), [await photo(3, 'three.jpg')]);
    early.bootRan = window.qrdropBoot !== undefined;
    early.said = document.getElementById('qrdrop-boot-status')?.textContent ?? '(no status line)';
    early.reactStarted = Object.keys(document.getElementById('root')).some((key) => key.startsWith('__reactContainer$'));
  })()
    .catch((error) => void (early.failed = String(error)))
    .finally(() => fetch('${RELEASE_PATH}'));
})();`;

const HELD: Record<Before, RegExp> = { 'main bundle': /^\/assets\/main-[\w-]+\.js$/, 'every script': /^\/assets\/(boot|main)-[\w-]+\.js$/ };

/**
 * Held back: the main bundle (the boot script keeps the pick as it is made and says so), or every script of the
 * page (the pick is made on the first paint with nobody listening; the boot script takes what the inputs hold).
 */
function earlyPick(before: Before): Scenario {
  return {
    name: before === 'main bundle' ? 'photos picked before the main bundle runs: said at once, each stored exactly once' : 'photos picked before any script of the page runs: kept by the inputs, each stored exactly once',
    timeoutMs: 120_000,
    initScript: pickBefore(before),
    async run(context) {
      const id = await context.api.createSession({ max_images: 10 });
      context.server.hold(HELD[before]);
      await context.open(id);
      const early = await context.driver.evaluate<{ said?: string; bootRan?: boolean; reactStarted?: boolean; failed?: string }>('return window.__enginesEarly');
      if (early.failed !== undefined) throw new Error(`the early pick failed: ${early.failed}`);
      if (early.reactStarted !== false) throw new Error('expected the pick to be made before React started');
      if (before === 'main bundle' && early.said !== '3 photos received. Sending starts in a moment…') throw new Error(`expected the screen to say 3 photos received (said "${early.said}")`);
      if (before === 'every script' && early.bootRan !== false) throw new Error('expected the pick to be made before the boot script ran');
      await context.heading('3 photos sent', 60_000);
      const images = await context.api.waitForImages(id, 3);
      const names = images.map((image) => `${image.filename} ${image.source}`).sort();
      if (names.join(', ') !== 'one.jpg gallery, three.jpg camera, two.jpg gallery') throw new Error(`expected each photo exactly once (got ${names.join(', ')})`);
      await context.until("return !document.body.innerText.includes('photos received')", 'the boot line to be gone');
    },
  };
}

export const earlyPickScenarios: Scenario[] = [earlyPick('main bundle'), earlyPick('every script')];
