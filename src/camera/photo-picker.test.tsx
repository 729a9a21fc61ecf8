import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../test/render';
import { PhotoPicker } from './photo-picker';

const jpeg = (name: string) => new File([new Uint8Array([0xff, 0xd8, 0xff])], name, { type: 'image/jpeg' });

/** jsdom has no matchMedia; a fine pointer means a desktop. */
const pointer = (fine: boolean) =>
  vi.stubGlobal('matchMedia', (query: string) => ({
    matches: fine && query === '(pointer: fine)',
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  }));

/** A browser that can (or cannot: not a secure context) run a camera in the page. */
const mediaDevices = (value: Partial<MediaDevices> | undefined) => Object.defineProperty(navigator, 'mediaDevices', { value, configurable: true });

afterEach(() => {
  vi.unstubAllGlobals();
  mediaDevices(undefined);
});

describe('PhotoPicker', () => {
  it('gives phones "Take photo" (back camera) and "Choose photos" (several, no capture)', async () => {
    pointer(false);
    const onFiles = vi.fn();
    renderWithProviders(<PhotoPicker allowedMimeTypes={['image/jpeg']} onFiles={onFiles} />);
    const camera = screen.getByLabelText('Take photo');
    expect(camera.getAttribute('capture')).toBe('environment');
    expect(camera.hasAttribute('multiple')).toBe(false);
    const gallery = screen.getByLabelText('Choose photos');
    expect(gallery.hasAttribute('capture')).toBe(false);
    expect(gallery.hasAttribute('multiple')).toBe(true);
    expect(gallery.getAttribute('accept')).toBe('image/jpeg,.jpg,.jpeg,image/png,.png,image/webp,.webp,image/heic,.heic,image/heif,.heif');

    await userEvent.upload(camera, jpeg('shot.jpg'));
    expect(onFiles).toHaveBeenLastCalledWith([expect.objectContaining({ name: 'shot.jpg' })], 'camera');
    await userEvent.upload(gallery, [jpeg('a.jpg'), jpeg('b.jpg')]);
    expect(onFiles).toHaveBeenLastCalledWith([expect.objectContaining({ name: 'a.jpg' }), expect.objectContaining({ name: 'b.jpg' })], 'gallery');
  });

  it('lets the same photo be chosen twice in a row', async () => {
    pointer(false);
    const onFiles = vi.fn();
    renderWithProviders(<PhotoPicker allowedMimeTypes={['image/jpeg']} onFiles={onFiles} />);
    const gallery = screen.getByLabelText<HTMLInputElement>('Choose photos');
    await userEvent.upload(gallery, jpeg('a.jpg'));
    expect(gallery.value).toBe('');
    await userEvent.upload(gallery, jpeg('a.jpg'));
    expect(onFiles).toHaveBeenCalledTimes(2);
  });

  it('offers HEIC by name to a session that converts it (JPEG only), on both inputs', () => {
    pointer(false);
    renderWithProviders(<PhotoPicker allowedMimeTypes={['image/jpeg']} onFiles={vi.fn()} />);
    for (const label of ['Choose photos', 'Take photo']) {
      expect(screen.getByLabelText(label).getAttribute('accept')?.split(',')).toEqual(expect.arrayContaining(['image/heic', 'image/heif', '.heic', '.heif']));
    }
  });

  it('gives desktops a drop area and "Choose photos", no camera button', async () => {
    pointer(true);
    renderWithProviders(<PhotoPicker allowedMimeTypes={['image/jpeg']} onFiles={vi.fn()} />);
    expect(await screen.findByText('Drag photos here')).toBeTruthy();
    expect(screen.getByLabelText('Choose photos')).toBeTruthy();
    expect(screen.queryByLabelText('Take photo')).toBeNull();
  });

  it('adds "Use camera" on phones whose browser can run a camera in the page, and only there', async () => {
    pointer(false);
    mediaDevices({ getUserMedia: () => Promise.reject(new Error('not in this test')) });
    let opener: HTMLElement | undefined;
    const onCamera = vi.fn((event: { currentTarget: HTMLElement }) => {
      opener = event.currentTarget;
    });
    const { unmount } = renderWithProviders(<PhotoPicker allowedMimeTypes={['image/jpeg']} onFiles={vi.fn()} onCamera={onCamera} />);
    const button = screen.getByRole('button', { name: 'Use camera' });
    // The camera app stays one tap away.
    expect(screen.getByLabelText('Take photo').getAttribute('capture')).toBe('environment');
    await userEvent.click(button);
    expect(onCamera).toHaveBeenCalledTimes(1);
    // What opened it, for the focus to come back to.
    expect(opener).toBe(button);
    unmount();

    mediaDevices(undefined);
    renderWithProviders(<PhotoPicker allowedMimeTypes={['image/jpeg']} onFiles={vi.fn()} onCamera={onCamera} />);
    expect(screen.queryByRole('button', { name: 'Use camera' })).toBeNull();
    expect(screen.getByLabelText('Take photo')).toBeTruthy();
  });

  it('gives desktops no "Use camera"', () => {
    pointer(true);
    mediaDevices({ getUserMedia: () => Promise.reject(new Error('not in this test')) });
    renderWithProviders(<PhotoPicker allowedMimeTypes={['image/jpeg']} onFiles={vi.fn()} onCamera={vi.fn()} />);
    expect(screen.queryByRole('button', { name: 'Use camera' })).toBeNull();
  });
});
