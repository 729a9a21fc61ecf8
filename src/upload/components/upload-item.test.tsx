import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Language } from '../../i18n/catalog-types';
import { I18nProvider } from '../../i18n/i18n-context';
import { TEST_CATALOGS } from '../../test/catalogs';
import type { QueueItem } from '../types';
import { UploadItem } from './upload-item';
import { sentence } from '../../test/sentence';
import { isolate } from '../../i18n/isolate';

const item = (overrides: Partial<QueueItem> = {}): QueueItem => ({
  id: 'item-1',
  name: 'IMG_0001.HEIC',
  source: 'camera',
  originalSize: 3 * 1024 * 1024,
  originalType: 'image/heic',
  status: 'queued',
  progress: 0,
  attempts: 0,
  file: new File([new Uint8Array(4)], 'IMG_0001.HEIC', { type: 'image/heic' }),
  ...overrides,
});

const renderItem = (overrides: Partial<QueueItem> = {}, lang: Language = 'en') => {
  const onRemove = vi.fn();
  const onRetry = vi.fn();
  const onKeep = vi.fn();
  const onRetake = vi.fn();
  const row = (changes: Partial<QueueItem> = {}) => (
    <ul>
      <UploadItem item={item({ ...overrides, ...changes })} onRemove={onRemove} onRetry={onRetry} onKeep={onKeep} onRetake={onRetake} />
    </ul>
  );
  // A wrapper, not renderWithProviders: rerender() keeps it, so the same row is redrawn, not a new one made.
  const view = render(row(), { wrapper: ({ children }) => <I18nProvider lang={lang} catalog={TEST_CATALOGS[lang]}>{children}</I18nProvider> });
  const rerender = (changes: Partial<QueueItem>) => view.rerender(row(changes));
  return { onRemove, onRetry, onKeep, onRetake, rerender };
};

describe('UploadItem', () => {
  it('shows progress as an accessible progress bar while uploading', () => {
    renderItem({ status: 'uploading', progress: 0.42 });
    expect(screen.getByText(sentence('Sending… 42%'))).toBeTruthy();
    const bar = screen.getByRole('progressbar', { name: `Sending ${isolate('IMG_0001.HEIC')}` });
    expect(bar.getAttribute('aria-valuenow')).toBe('42');
    expect(bar.getAttribute('aria-valuetext')).toBe('42%');
  });

  it('shows a refused file with its message, the server sentence, and only a remove button', async () => {
    const { onRemove } = renderItem({
      status: 'failed',
      message: { key: 'error.unsupportedType', detail: { message: 'The file is not one of the allowed types (image/jpeg).' }, status: 415 },
    });
    expect(screen.getByText('Unsupported file type')).toBeTruthy();
    expect(screen.getByText(/not one of the allowed types/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Retry/ })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: `Remove ${isolate('IMG_0001.HEIC')}` }));
    expect(onRemove).toHaveBeenCalledWith('item-1');
  });

  it('offers a retry for a file stuck on connection problems', async () => {
    const { onRetry } = renderItem({ status: 'failed', message: { key: 'error.connection' } });
    await userEvent.click(screen.getByRole('button', { name: `Retry ${isolate('IMG_0001.HEIC')}` }));
    expect(onRetry).toHaveBeenCalledWith('item-1');
  });

  it('says when it retries next', () => {
    renderItem({ status: 'retry-wait', retryAt: Date.now() + 8_000 });
    expect(screen.getByText(sentence(/^Connection problem, retrying in [78] sec/))).toBeTruthy();
  });

  it('fills in the per-file messages of the engine', () => {
    renderItem({ status: 'failed', message: { key: 'file.onlyNMoreFit', params: { count: 2 } } });
    expect(screen.getByText('Only 2 more photos fit')).toBeTruthy();
  });

  it('says how much smaller a sent photo got, and cannot be removed any more', () => {
    renderItem({ status: 'done', progress: 1, sentSize: 1.5 * 1024 * 1024 });
    expect(screen.getByText('Sent')).toBeTruthy();
    expect(screen.getByText(sentence('Reduced from 3 MB to 1.5 MB'))).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });

  describe('the quality hint', () => {
    /** The row's polite live region (role="status" is the queue summary's). */
    const liveRegion = () => {
      const region = document.querySelector('.upload-item [aria-live="polite"]');
      if (region === null) throw new Error('no live region in the row');
      return region;
    };

    it('says a blurry photo looks blurry while it keeps uploading, in a polite live region, with Keep and Retake by keyboard', async () => {
      const { onKeep, onRetake } = renderItem({ status: 'uploading', progress: 0.3, quality: 'blurry' });
      expect(liveRegion().textContent).toBe('This photo looks blurry — retake?');
      expect(screen.getByRole('progressbar', { name: `Sending ${isolate('IMG_0001.HEIC')}` })).toBeTruthy();
      await userEvent.tab();
      expect(document.activeElement).toBe(screen.getByRole('button', { name: `Keep ${isolate('IMG_0001.HEIC')}` }));
      await userEvent.keyboard('{Enter}');
      expect(onKeep).toHaveBeenCalledWith('item-1');
      await userEvent.tab();
      expect(document.activeElement).toBe(screen.getByRole('button', { name: `Retake ${isolate('IMG_0001.HEIC')}` }));
      await userEvent.keyboard(' ');
      expect(onRetake).toHaveBeenCalledWith('item-1');
    });

    it('announces the hint when it arrives: the live region is there before, empty, without buttons', () => {
      const { rerender } = renderItem({ status: 'uploading' });
      const region = liveRegion();
      expect(region.textContent).toBe('');
      expect(screen.queryByRole('button', { name: /^Keep/ })).toBeNull();
      rerender({ status: 'done', progress: 1, quality: 'dark' });
      expect(liveRegion()).toBe(region);
      expect(region.textContent).toBe('This photo looks too dark — retake?');
      expect(screen.getByRole('button', { name: `Retake ${isolate('IMG_0001.HEIC')}` })).toBeTruthy();
    });

    it("speaks the page's language", () => {
      renderItem({ status: 'queued', quality: 'dark' }, 'fr');
      expect(liveRegion().textContent).toBe('Cette photo semble trop sombre — la reprendre\u00a0?');
      expect(screen.getByRole('button', { name: `Garder ${isolate('IMG_0001.HEIC')}` })).toBeTruthy();
    });

    it('is not shown on a photo that failed: its error says what matters', () => {
      renderItem({ status: 'failed', message: { key: 'file.undecodable' }, quality: 'blurry' });
      expect(screen.queryByText(/looks blurry/)).toBeNull();
    });
  });
});
