import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../test/render';
import type { QueueItem } from '../types';
import { UploadItem } from './upload-item';

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

const renderItem = (overrides: Partial<QueueItem> = {}) => {
  const onRemove = vi.fn();
  const onRetry = vi.fn();
  renderWithProviders(
    <ul>
      <UploadItem item={item(overrides)} onRemove={onRemove} onRetry={onRetry} />
    </ul>,
  );
  return { onRemove, onRetry };
};

describe('UploadItem', () => {
  it('shows progress as an accessible progress bar while uploading', () => {
    renderItem({ status: 'uploading', progress: 0.42 });
    expect(screen.getByText('Sending… 42%')).toBeTruthy();
    const bar = screen.getByRole('progressbar', { name: 'Sending IMG_0001.HEIC' });
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
    await userEvent.click(screen.getByRole('button', { name: 'Remove IMG_0001.HEIC' }));
    expect(onRemove).toHaveBeenCalledWith('item-1');
  });

  it('offers a retry for a file stuck on connection problems', async () => {
    const { onRetry } = renderItem({ status: 'failed', message: { key: 'error.connection' } });
    await userEvent.click(screen.getByRole('button', { name: 'Retry IMG_0001.HEIC' }));
    expect(onRetry).toHaveBeenCalledWith('item-1');
  });

  it('says when it retries next', () => {
    renderItem({ status: 'retry-wait', retryAt: Date.now() + 8_000 });
    expect(screen.getByText(/^Connection problem, retrying in [78] sec/)).toBeTruthy();
  });

  it('fills in the per-file messages of the engine', () => {
    renderItem({ status: 'failed', message: { key: 'file.onlyNMoreFit', params: { count: 2 } } });
    expect(screen.getByText('Only 2 more photos fit')).toBeTruthy();
  });

  it('says how much smaller a sent photo got, and cannot be removed any more', () => {
    renderItem({ status: 'done', progress: 1, sentSize: 1.5 * 1024 * 1024 });
    expect(screen.getByText('Sent')).toBeTruthy();
    expect(screen.getByText('Reduced from 3 MB to 1.5 MB')).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });
});
