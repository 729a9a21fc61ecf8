import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CameraViewProps } from '../camera';
import { createFakeClock } from '../test/fake-clock';
import { passThrough, photo } from '../test/queue-harness';
import { renderWithProviders } from '../test/render';
import { createScriptedTransport, flush } from '../test/scripted-transport';
import { SESSION_ID } from '../test/session-fixtures';
import type { PageSession } from './api/get-session';
import { SessionView } from './session-view';

/** The camera's chunk, as this test wants it fetched: here, or failing (connection lost). */
const chunk = vi.hoisted(() => ({ load: (): Promise<unknown> => Promise.reject(new Error('not set')) }));
vi.mock('../camera/load-camera-view', () => ({ loadCameraView: () => chunk.load() }));

/** A camera whose shutter hands over a photo, showing what the page tells it is left (camera-view.test.tsx tests the real one). */
function FakeCamera({ left, onFiles, onClose }: CameraViewProps) {
  return (
    <div role="dialog" aria-label="Camera">
      <p>{left} left</p>
      <button type="button" onClick={() => onFiles([photo(`shot-${left}.jpg`)])}>
        Shutter
      </button>
      <button type="button" onClick={onClose}>
        Done
      </button>
    </div>
  );
}

const session: PageSession = {
  id: SESSION_ID,
  status: 'pending',
  expiresAt: Date.now() + 3_600_000,
  expiresAtOnDevice: Date.now() + 3_600_000,
  tags: [],
  imagesPerSession: 10,
  effectiveMaxImages: 10,
  effectiveAllowedMimeTypes: ['image/jpeg'],
  effectiveMaxImageDimension: null,
  password_protected: false,
  imagesCount: 7,
  effectiveMaxImageSizeBytes: 20 * 1024 * 1024,
  label: null,
};

function renderSession() {
  const scripted = createScriptedTransport();
  const time = createFakeClock(Date.now());
  let nextId = 1;
  const engine = { transport: scripted.transport, clock: time.clock, prepare: passThrough, createId: () => `id-${nextId++}`, random: () => 0.5 };
  renderWithProviders(<SessionView session={session} engine={engine} />);
  return scripted;
}

beforeEach(() => {
  Object.defineProperty(navigator, 'mediaDevices', { value: { getUserMedia: () => Promise.reject(new Error('fake camera')) }, configurable: true });
});
afterEach(() => {
  Object.defineProperty(navigator, 'mediaDevices', { value: undefined, configurable: true });
  sessionStorage.clear();
});

describe('the in-page camera on the session page', () => {
  it('sends each shot at once, counts what is left, and keeps its screen until Done even when all are sent', async () => {
    chunk.load = () => Promise.resolve({ CameraView: FakeCamera });
    const harness = renderSession();
    await userEvent.click(screen.getByRole('button', { name: 'Use camera' }));
    const camera = await screen.findByRole('dialog', { name: 'Camera' });
    // 10 photos allowed, 7 already there.
    expect(camera.textContent).toContain('3 left');

    await userEvent.click(screen.getByRole('button', { name: 'Shutter' }));
    await waitFor(() => expect(harness.pending()).toHaveLength(1));
    // On its way: it holds a slot already.
    expect(camera.textContent).toContain('2 left');
    await act(async () => {
      for (const call of harness.pending()) call.respond(201, { id: 'img' });
      await flush();
    });
    expect(screen.getByText('1 photo sent.')).toBeTruthy();
    // All sent, but the person is still taking photos: no "1 photo sent" screen under the camera.
    expect(screen.getByRole('dialog', { name: 'Camera' }).textContent).toContain('2 left');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Send your photos');

    await userEvent.click(screen.getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('dialog', { name: 'Camera' })).toBeNull();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('1 photo sent');
  });

  it("says so when the camera's code cannot be fetched, and the camera app is still there", async () => {
    chunk.load = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
    renderSession();
    await userEvent.click(screen.getByRole('button', { name: 'Use camera' }));
    expect(await screen.findByText('The camera could not be loaded. Check your connection, or use “Take photo”.')).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByLabelText('Take photo')).toBeTruthy();
  });
});
