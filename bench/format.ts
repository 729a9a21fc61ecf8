/** How figures are written in the table and in BENCHMARKS.md. Non-finite numbers are "n/a", never 0. */

const na = (value: number) => !Number.isFinite(value);

export const fmtMs = (ms: number): string => (na(ms) ? 'n/a' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);

export const fmtSeconds = (ms: number): string => (na(ms) ? 'n/a' : `${(ms / 1000).toFixed(2)} s`);

export const fmtKb = (bytes: number): string => (na(bytes) ? 'n/a' : `${(bytes / 1000).toFixed(1)} KB`);

export const fmtMb = (bytes: number): string => (na(bytes) ? 'n/a' : `${(bytes / 1e6).toFixed(2)} MB`);

export const fmtMbps = (bytesPerSecond: number): string => (na(bytesPerSecond) ? 'n/a' : `${((bytesPerSecond * 8) / 1e6).toFixed(1)} Mbit/s`);

export const fmtMBps = (bytesPerSecond: number): string => (na(bytesPerSecond) ? 'n/a' : `${(bytesPerSecond / 1e6).toFixed(0)} MB/s`);

export const fmtRate = (perSecond: number, unit: string): string => (na(perSecond) ? 'n/a' : `${Math.round(perSecond).toLocaleString('en-US')} ${unit}/s`);

export const fmtRatio = (value: number): string => (na(value) ? 'n/a' : `${value.toFixed(2)}×`);

export const fmtCount = (value: number): string => (na(value) ? 'n/a' : Math.round(value).toLocaleString('en-US'));

export const fmtDimensions = (width: number, height: number): string => (na(width) || na(height) ? 'n/a' : `${width}×${height}`);

/** Says by how much a figure is past its target, as a factor ("1.42× the target"). */
export function overBy(measured: number, target: number): string {
  return `${fmtRatio(measured / target)} the target`;
}
