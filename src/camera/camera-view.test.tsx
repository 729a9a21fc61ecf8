import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../test/render';
import { CameraView, type CameraViewProps } from './camera-view';

// jsdom has no canvas: a shot is whatever the frame would have been, as a JPEG file.
vi.mock('./take-shot', () => ({
  takeShot: (_video: HTMLVideoElement, _types: readonly string[], index: number) =>
    Promise.resolve(new File([new Uint8Array([0xff, 0xd8, 0xff])], `camera-${index}.jpg`, { type: 'image/jpeg' })),
}));

interface FakeTrack {
  stop: ReturnType<typeof vi.fn>;
  applyConstraints: ReturnType<typeof vi.fn>;
  getCapabilities: () => MediaTrackCapabilities;
  getSettings: () => MediaTrackSettings;
  addEventListener: () => void;
}

/** A stream of one video track from camera `deviceId`, with or without a torch. */
function fakeStream(deviceId: string, torch: boolean) {
  const track: FakeTrack = {
    stop: vi.fn(),
    applyConstraints: vi.fn(() => Promise.resolve()),
    getCapabilities: () => (torch ? { torch: true } : {}),
    getSettings: () => ({ deviceId }),
    addEventListener: () => undefined,
  };
  const stream = { getTracks: () => [track], getVideoTracks: () => [track] } as unknown as MediaStream;
  return { stream, track };
}

const cameraDevice = (deviceId: string) => ({ kind: 'videoinput', deviceId, label: '', groupId: '' }) as MediaDeviceInfo;

/** navigator.mediaDevices as the test wants it: granted (with these cameras), refused, or missing. */
function mediaDevices(value: Partial<MediaDevices> | undefined) {
  Object.defineProperty(navigator, 'mediaDevices', { value, configurable: true });
}

function granted({ torch = false, cameras = ['back'] }: { torch?: boolean; cameras?: string[] } = {}) {
  const opened: ReturnType<typeof fakeStream>[] = [];
  const getUserMedia = vi.fn((constraints: MediaStreamConstraints) => {
    const video = constraints.video as MediaTrackConstraints;
    const exact = (video.deviceId as { exact?: string } | undefined)?.exact;
    const made = fakeStream(exact ?? cameras[0] ?? 'back', torch);
    opened.push(made);
    return Promise.resolve(made.stream);
  });
  mediaDevices({ getUserMedia, enumerateDevices: () => Promise.resolve(cameras.map(cameraDevice)) });
  return { getUserMedia, opened };
}

/** The view as the ready screen holds it: `left` goes down when the queue takes a shot (setLeft). */
function renderCamera(props: Partial<CameraViewProps> = {}) {
  const onFiles = vi.fn();
  const onClose = vi.fn();
  const all: CameraViewProps = { allowedMimeTypes: ['image/jpeg'], left: 5, onFiles, onClose, ...props };
  let setLeft: (left: number) => void = () => undefined;
  function Holder() {
    const [left, set] = useState(all.left);
    setLeft = set;
    return <CameraView {...all} left={left} />;
  }
  const view = renderWithProviders(<Holder />);
  return { onFiles, onClose, view, setLeft: (left: number) => act(() => setLeft(left)) };
}

/** The viewfinder's first frame arrived (jsdom plays no video). */
async function firstFrame() {
  const video = await screen.findByLabelText('Camera viewfinder');
  await waitFor(() => expect(screen.queryByText('Starting the camera…')).toBeNull());
  fireEvent.loadedMetadata(video);
  return video;
}

beforeEach(() => {
  // jsdom has no showModal: open it as the browser would.
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
});
afterEach(() => {
  mediaDevices(undefined);
  Reflect.deleteProperty(HTMLDialogElement.prototype, 'showModal');
});

describe('CameraView', () => {
  it('opens the back camera in a labelled viewfinder and adds each shot at once, saying so', async () => {
    const { getUserMedia } = granted();
    const { onFiles, setLeft } = renderCamera({ left: 5 });
    expect(screen.getByRole('dialog', { name: 'Camera' })).toBeTruthy();
    await firstFrame();
    expect(getUserMedia).toHaveBeenCalledWith({ audio: false, video: expect.objectContaining({ facingMode: { ideal: 'environment' } }) });
    expect(screen.getByText('0 photos taken · 5 photos left')).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Take picture' }));
    await waitFor(() => expect(onFiles).toHaveBeenCalledTimes(1));
    expect(onFiles.mock.calls[0]?.[0]).toEqual([expect.objectContaining({ name: 'camera-1.jpg', type: 'image/jpeg' })]);
    // The queue took it: one slot fewer.
    setLeft(4);
    expect(screen.getByRole('status').textContent).toBe('Photo 1 added. 4 photos left');
    expect(screen.getByText('1 photo taken · 4 photos left')).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Take picture' }));
    await waitFor(() => expect(onFiles).toHaveBeenCalledTimes(2));
    setLeft(3);
    expect(screen.getByRole('status').textContent).toBe('Photo 2 added. 3 photos left');
  });

  it('takes no more shots than the session has room for', async () => {
    granted();
    const { onFiles } = renderCamera({ left: 0 });
    await firstFrame();
    const shutter = screen.getByRole('button', { name: 'Take picture' });
    expect(shutter.getAttribute('aria-disabled')).toBe('true');
    expect(screen.getByText('0 photos taken · No photos left')).toBeTruthy();
    await userEvent.click(shutter);
    expect(onFiles).not.toHaveBeenCalled();
  });

  it('offers the torch only where the camera has one, and turns it on', async () => {
    granted({ torch: false });
    const first = renderCamera();
    await firstFrame();
    expect(screen.queryByRole('button', { name: 'Light' })).toBeNull();
    first.view.unmount();

    const { opened } = granted({ torch: true });
    renderCamera();
    await firstFrame();
    const light = await screen.findByRole('button', { name: 'Light' });
    expect(light.getAttribute('aria-pressed')).toBe('false');
    await userEvent.click(light);
    expect(opened[0]?.track.applyConstraints).toHaveBeenCalledWith({ advanced: [{ torch: true }] });
    await waitFor(() => expect(light.getAttribute('aria-pressed')).toBe('true'));
  });

  it('switches to the next camera where there are several, stopping the one in use', async () => {
    const { getUserMedia, opened } = granted({ cameras: ['back', 'front'] });
    renderCamera();
    await firstFrame();
    await userEvent.click(await screen.findByRole('button', { name: 'Switch camera' }));
    await waitFor(() => expect(getUserMedia).toHaveBeenCalledTimes(2));
    expect(getUserMedia).toHaveBeenLastCalledWith({ audio: false, video: expect.objectContaining({ deviceId: { exact: 'front' } }) });
    expect(opened[0]?.track.stop).toHaveBeenCalled();
  });

  it('offers no switch with one camera', async () => {
    granted({ cameras: ['back'] });
    renderCamera();
    await firstFrame();
    expect(screen.queryByRole('button', { name: 'Switch camera' })).toBeNull();
  });

  it('falls back to the camera app when permission is refused, with a clear message and no error', async () => {
    mediaDevices({ getUserMedia: () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError')) });
    const { onFiles } = renderCamera();
    expect((await screen.findByRole('alert')).textContent).toBe('Camera access was refused. You can still take photos with your camera app.');
    expect(screen.queryByLabelText('Camera viewfinder')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Take picture' })).toBeNull();
    const cameraApp = screen.getByLabelText('Take photo');
    expect(cameraApp.getAttribute('capture')).toBe('environment');
    await waitFor(() => expect(document.activeElement).toBe(cameraApp));
    await userEvent.upload(cameraApp, new File([new Uint8Array([0xff, 0xd8, 0xff])], 'app.jpg', { type: 'image/jpeg' }));
    expect(onFiles).toHaveBeenCalledWith([expect.objectContaining({ name: 'app.jpg' })]);
    expect(screen.getByText('1 photo taken · 5 photos left')).toBeTruthy();
  });

  it('falls back to the camera app where the API is missing (not a secure context, an old browser)', async () => {
    mediaDevices(undefined);
    renderCamera();
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The camera cannot be used in this page. You can still take photos with your camera app.',
    );
    expect(screen.getByLabelText('Take photo').getAttribute('capture')).toBe('environment');
  });

  it("falls back without asking where the page's Permissions-Policy refuses the camera (a frame without allow=camera)", async () => {
    const { getUserMedia } = granted();
    Object.defineProperty(document, 'featurePolicy', { value: { allowsFeature: (feature: string) => feature !== 'camera' }, configurable: true });
    try {
      renderCamera();
      expect((await screen.findByRole('alert')).textContent).toContain('Camera access was refused.');
      expect(getUserMedia).not.toHaveBeenCalled();
    } finally {
      Reflect.deleteProperty(document, 'featurePolicy');
    }
  });

  it('falls back when there is no camera, or it is busy', async () => {
    mediaDevices({ getUserMedia: () => Promise.reject(new DOMException('Could not start video source', 'NotReadableError')) });
    renderCamera();
    expect((await screen.findByRole('alert')).textContent).toContain('The camera cannot be used in this page.');
  });

  it('stops every track when it closes', async () => {
    const { opened } = granted();
    const { view } = renderCamera();
    await firstFrame();
    expect(opened[0]?.track.stop).not.toHaveBeenCalled();
    view.unmount();
    expect(opened[0]?.track.stop).toHaveBeenCalled();
  });

  it('stops the camera when the page is hidden or left, and starts it again when visible', async () => {
    const { getUserMedia, opened } = granted();
    renderCamera();
    await firstFrame();
    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    act(() => {
      document.dispatchEvent(new Event('visibilitychange'));
    });
    expect(opened[0]?.track.stop).toHaveBeenCalled();
    visibility.mockReturnValue('visible');
    act(() => {
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await waitFor(() => expect(getUserMedia).toHaveBeenCalledTimes(2));
    await firstFrame();
    act(() => {
      window.dispatchEvent(new Event('pagehide'));
    });
    expect(opened[1]?.track.stop).toHaveBeenCalled();
  });

  it('closes with Done or Escape, and gives the focus back to what opened it', async () => {
    granted();
    const opener = document.createElement('button');
    document.body.append(opener);
    const { onClose, view } = renderCamera({ opener });
    await firstFrame();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Take picture' }));
    await userEvent.click(screen.getByRole('button', { name: 'Done' }));
    expect(onClose).toHaveBeenCalledTimes(1);
    await userEvent.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalledTimes(2);
    view.unmount();
    expect(document.activeElement).toBe(opener);
    opener.remove();
  });
});
