import { QR } from '../limits';
import { qrMatrix } from './qr-matrix';

export interface TerminalQrOptions {
  /** Quiet zone, in modules. */
  margin?: number;
  /**
   * By default light modules are printed as blocks, which reads right on the usual dark terminal (light text on
   * a dark background). Set for a terminal with a light background.
   */
  lightBackground?: boolean;
}

/** Upper half, lower half, both, neither: one character covers two module rows. */
const HALF_BLOCKS = { both: '█', top: '▀', bottom: '▄', none: ' ' } as const;

/** The code as text for `npm start`: half-block characters keep it square and half as tall as one line a row. */
export function qrToTerminal(text: string, options: TerminalQrOptions = {}): string {
  const margin = options.margin ?? QR.terminalMargin;
  const matrix = qrMatrix(text);
  // A printed block shows the terminal's text colour: on a dark terminal that colour is the light one.
  const inked = (row: number, col: number) => matrix.isDark(row, col) === (options.lightBackground ?? false);
  const lines: string[] = [];
  for (let row = -margin; row < matrix.size + margin; row += 2) {
    let line = '';
    for (let col = -margin; col < matrix.size + margin; col++) {
      const top = inked(row, col);
      const bottom = row + 1 < matrix.size + margin && inked(row + 1, col);
      line += top && bottom ? HALF_BLOCKS.both : top ? HALF_BLOCKS.top : bottom ? HALF_BLOCKS.bottom : HALF_BLOCKS.none;
    }
    lines.push(line);
  }
  return lines.join('\n');
}
