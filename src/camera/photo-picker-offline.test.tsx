import { screen } from '@testing-library/react';
import { expect, it, vi } from 'vitest';
import { renderWithProviders } from '../test/render';
import { PhotoPicker } from './photo-picker';

/** The drop area's chunk cannot be fetched (offline), as the browser's dynamic import then fails. */
vi.mock('./drop-area', () => {
  throw new TypeError('Failed to fetch dynamically imported module');
});

it('goes on without the drop area when its chunk cannot be fetched: "Choose photos" stays, nothing is thrown', async () => {
  vi.stubGlobal('matchMedia', (query: string) => ({ matches: query === '(pointer: fine)', addEventListener: () => undefined, removeEventListener: () => undefined }));
  renderWithProviders(<PhotoPicker allowedMimeTypes={['image/jpeg']} onFiles={vi.fn()} />);
  // The placeholder is there while the chunk is awaited, and gone once it failed.
  await vi.waitFor(() => expect(document.querySelector('.drop-area')).toBeNull());
  expect(screen.getByLabelText('Choose photos')).toBeTruthy();
  expect(screen.queryByText('Drag photos here')).toBeNull();
  vi.unstubAllGlobals();
});
