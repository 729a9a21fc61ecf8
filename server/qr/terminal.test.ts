import { create } from 'qrcode';
import { describe, expect, it } from 'vitest';
import { qrToTerminal } from './terminal';

const TEXT = 'http://192.168.1.20:8080/u/3f0c2a4e-8b1d-4c6e-9f7a-2b5d8e1c0a93';
const modules = create(TEXT, { errorCorrectionLevel: 'M' }).modules;

/** Expands each half-block character back into its two rows of "inked" cells. */
function unfold(output: string): boolean[][] {
  const rows: boolean[][] = [];
  for (const line of output.split('\n')) {
    const chars = [...line];
    rows.push(chars.map((c) => c === '█' || c === '▀'));
    rows.push(chars.map((c) => c === '█' || c === '▄'));
  }
  return rows;
}

describe('qrToTerminal', () => {
  it('prints two module rows per line, light modules inked, with a two-module quiet zone', () => {
    const output = qrToTerminal(TEXT);
    const across = modules.size + 4;
    const lines = output.split('\n');
    expect(lines).toHaveLength(Math.ceil(across / 2));
    for (const line of lines) expect([...line]).toHaveLength(across);
    expect(output).toMatch(/^[█▀▄ \n]+$/);

    const cells = unfold(output);
    for (let row = -2; row < modules.size + 2; row++) {
      for (let col = -2; col < modules.size + 2; col++) {
        const inSymbol = row >= 0 && col >= 0 && row < modules.size && col < modules.size;
        const dark = inSymbol && modules.get(row, col) === 1;
        expect(cells[row + 2]?.[col + 2], `module ${row},${col}`).toBe(!dark);
      }
    }
  });

  it('inks the dark modules instead for a light terminal, and takes another margin', () => {
    const output = qrToTerminal(TEXT, { lightBackground: true, margin: 1 });
    const cells = unfold(output);
    expect(cells[0]?.every((inked) => !inked)).toBe(true);
    expect(cells[1]?.[1]).toBe(modules.get(0, 0) === 1);
    expect([...(output.split('\n')[0] ?? '')]).toHaveLength(modules.size + 2);
  });
});
