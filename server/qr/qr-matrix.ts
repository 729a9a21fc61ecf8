import { create } from 'qrcode';

/** The modules of a QR code: `size` × `size`, row-major, true for dark. Outside the symbol reads as light. */
export interface QrMatrix {
  size: number;
  isDark: (row: number, col: number) => boolean;
}

/**
 * Encodes `text` with error correction M (15 % of the code may be damaged or covered and it still scans),
 * the usual trade-off for a link shown on a screen or printed small.
 */
export function qrMatrix(text: string): QrMatrix {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const size = modules.size;
  return {
    size,
    isDark: (row, col) => row >= 0 && col >= 0 && row < size && col < size && modules.get(row, col) === 1,
  };
}
