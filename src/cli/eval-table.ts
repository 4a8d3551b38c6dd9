// The plain-text table `crux eval-detector` prints: one row per detector.
import type { CrossValidation } from '../watch/cross-validate';
import { f1, precision, recall, type Counts, type EvalRow } from '../watch/evaluate';

const fixed = (value: number): string => value.toFixed(2);

function prf(counts: Counts): string {
  if (counts.tp + counts.fp + counts.fn === 0) return '-    -    -';
  return `${fixed(precision(counts))} ${fixed(recall(counts))} ${fixed(f1(counts))}`;
}

export function evalTable(rows: readonly EvalRow[]): string[] {
  const header = ['detector', 'stuck P R F1', 'loop P R F1', 'warns early', 'stuck, loop-free', 'resolved: stuck/warned', 'first-loop error'];
  const body = rows.map((row) => [
    row.name,
    prf(row.stuck),
    prf(row.loop),
    row.meanWarningLead === null ? 'n/a' : `${row.meanWarningLead.toFixed(1)} actions (${row.warnedStuckRuns} runs)`,
    String(row.stuckOnLoopFree),
    `${row.resolved.stuck}/${row.resolved.warned} of ${row.resolved.runs}`,
    row.firstLoopError === null ? 'n/a' : `${row.firstLoopError.toFixed(1)} actions`,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => (cells[column] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  const lines = [line(header), ...body.map(line), ''];
  for (const row of rows) {
    lines.push(`${row.name}: stuck tp ${row.stuck.tp} fp ${row.stuck.fp} fn ${row.stuck.fn}; loop tp ${row.loop.tp} fp ${row.loop.fp} fn ${row.loop.fn}; ${row.rule}`);
  }
  lines.push('', 'warns early: mean actions from the first warning to the end of labelled-stuck runs it warned on (more is earlier).');
  return lines;
}

/** The cross-validation: each held-out source with the settings chosen without it, then the
 * pooled held-out figure beside the in-sample one. */
export function cvTable(cv: CrossValidation): string[] {
  const header = ['held-out source', 'runs', 'stuck P R F1', 'loop P R F1', 'stuck, loop-free', 'chosen on the other sources'];
  const body = cv.folds.map((fold) => [fold.source, String(fold.runs), prf(fold.stuck), prf(fold.loop), String(fold.stuckOnLoopFree), fold.chosen]);
  const runs = cv.folds.reduce((sum, fold) => sum + fold.runs, 0);
  body.push(['pooled (cross-validated)', String(runs), prf(cv.pooled.stuck), prf(cv.pooled.loop), String(cv.pooled.stuckOnLoopFree), '']);
  body.push(['in-sample (settings as given)', String(runs), prf(cv.inSample.stuck), prf(cv.inSample.loop), String(cv.inSample.stuckOnLoopFree), '']);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => (cells[column] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [
    `Leave-one-source-out cross-validation (a source: one agent x model folder): for each source the settings are chosen`,
    `among ${cv.candidates} candidates on every other source, then scored on the held-out one ("-": no positives there).`,
    '',
    line(header), ...body.slice(0, -2).map(line), line(body.at(-2) ?? []), line(body.at(-1) ?? []),
    '', 'Sensitivity: every candidate on every run (in-sample).', '',
    ...sensitivityLines(cv),
  ];
}

function sensitivityLines(cv: CrossValidation): string[] {
  const header = ['candidate', 'stuck P R F1', 'loop P R F1', 'stuck, loop-free'];
  const body = cv.sensitivity.map((row) => [row.name, prf(row.stuck), prf(row.loop), String(row.stuckOnLoopFree)]);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => (cells[column] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [line(header), ...body.map(line)];
}
