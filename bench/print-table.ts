import type { BenchResults, SectionResult, Table, TargetCheck } from './results';

/** The console report: one aligned table per figure, then every target with met / missed. */
export function printResults(results: BenchResults): void {
  const m = results.machine;
  const lines = [`qrdrop bench (${results.mode}) — ${m.cpu}, ${m.cores} cores, ${m.ramGb} GB, Node ${m.node}, ${m.chromium}`];
  for (const section of results.sections) lines.push('', ...sectionLines(section));
  lines.push('', 'Targets', ...alignedRows(['target', 'goal', 'measured', ''], results.sections.flatMap((s) => s.targets).map(targetRow)));
  console.log(lines.join('\n'));
}

function sectionLines(section: SectionResult): string[] {
  const head = `== ${section.title} ==${section.status === 'ok' ? '' : `  ${section.status.toUpperCase()}: ${section.reason ?? ''}`}`;
  const lines = [head];
  for (const table of section.tables) lines.push(...tableLines(table));
  for (const note of section.notes) lines.push(`  note: ${note}`);
  return lines;
}

function tableLines(table: Table): string[] {
  return [`  ${table.caption}`, ...alignedRows(table.columns, table.rows).map((line) => `  ${line}`)];
}

function alignedRows(columns: string[], rows: string[][]): string[] {
  const widths = columns.map((column, i) => Math.max(column.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

export function targetVerdict(target: TargetCheck): string {
  if (target.met === null) return 'NOT MEASURED';
  return target.met ? 'met' : `MISSED${target.note ? `: ${target.note}` : ''}`;
}

const targetRow = (target: TargetCheck) => [target.name, target.target, target.measured, targetVerdict(target)];
