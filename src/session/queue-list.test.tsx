import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../i18n/i18n-context';
import { TEST_CATALOGS } from '../test/catalogs';
import { createTestQueue, photo } from '../test/queue-harness';
import { flush } from '../test/scripted-transport';
import { QueueList } from './queue-list';
import { isolate } from '../i18n/isolate';

/** The list wired to a real queue (scripted network), beside a "Take photo" input like the picker's. */
async function setup() {
  const t = createTestQueue({ measure: async (file) => (file.name === 'blurry.jpg' ? 'blurry' : undefined) });
  t.queue.add([photo('blurry.jpg'), photo('sharp.jpg')], 'camera');
  await flush();
  const page = () => (
    <>
      <input type="file" aria-label="Take photo" capture="environment" />
      <QueueList items={t.queue.getSnapshot().items} queue={t.queue} />
    </>
  );
  // A wrapper: rerender() keeps it, so the page is redrawn, not made again.
  const view = render(page(), { wrapper: ({ children }) => <I18nProvider lang="en" catalog={TEST_CATALOGS.en}>{children}</I18nProvider> });
  const redraw = () => view.rerender(page());
  const camera = screen.getByLabelText<HTMLInputElement>('Take photo');
  const opened = vi.fn();
  camera.addEventListener('click', opened);
  return { t, redraw, camera, opened };
}

describe('QueueList: Keep and Retake', () => {
  it('shows the hint on the blurry photo only, and Keep dismisses it while both go on uploading', async () => {
    const { t, redraw } = await setup();
    expect(screen.getAllByText('This photo looks blurry — retake?')).toHaveLength(1);
    await userEvent.click(screen.getByRole('button', { name: `Keep ${isolate('blurry.jpg')}` }));
    redraw();
    expect(screen.queryByText(/looks blurry/)).toBeNull();
    expect(t.queue.getSnapshot().items.map((item) => item.status)).toEqual(['uploading', 'uploading']);
  });

  it("Retake cancels the photo's upload, takes it out of the queue and opens the camera", async () => {
    const { t, redraw, camera, opened } = await setup();
    const upload = t.calls.find((call) => call.request.body.get('file') instanceof File && (call.request.body.get('file') as File).name === 'blurry.jpg');
    await userEvent.click(screen.getByRole('button', { name: `Retake ${isolate('blurry.jpg')}` }));
    redraw();
    expect(upload?.signal.aborted).toBe(true);
    expect(t.queue.getSnapshot().items.map((item) => item.name)).toEqual(['sharp.jpg']);
    expect(opened).toHaveBeenCalledTimes(1);
    expect(document.activeElement).toBe(camera);
  });

  it('Retake on a photo already sent keeps it (it cannot be unsent), drops the hint and opens the camera', async () => {
    const { t, redraw, opened } = await setup();
    for (const call of t.calls) call.respond(201, { id: 'img' });
    await flush();
    redraw();
    await userEvent.click(screen.getByRole('button', { name: `Retake ${isolate('blurry.jpg')}` }));
    redraw();
    expect(t.queue.getSnapshot().items.map((item) => [item.name, item.status, item.quality])).toEqual([
      ['blurry.jpg', 'done', undefined],
      ['sharp.jpg', 'done', undefined],
    ]);
    expect(opened).toHaveBeenCalledTimes(1);
  });
});
