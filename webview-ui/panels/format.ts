// Words and numbers as the panels show them. Pure, so the tests check them without a DOM.
import type { RunEndReason } from '../../src/protocol/index';

/** "finished", "step limit", "stopped", "error"; null: still running or killed. */
export function endLabel(end: RunEndReason | null): string {
  switch (end) {
    case 'finished': return 'finished';
    case 'step-limit': return 'step limit';
    case 'aborted': return 'stopped';
    case 'error': return 'error';
    default: return 'no outcome';
  }
}

export type ResultTone = 'good' | 'bad' | 'unknown';

/** The success label, with the user's verdict and the tests when they say more. */
export function resultOf(run: { resolved: boolean | null; verdict: 'accept' | 'reject' | null; testPassed?: boolean | null }): { text: string; tone: ResultTone } {
  const parts: string[] = [];
  if (run.verdict) parts.push(run.verdict === 'accept' ? 'accepted' : 'rejected');
  if (run.testPassed === true) parts.push('tests pass');
  if (run.testPassed === false) parts.push('tests fail');
  const label = run.resolved === true ? 'resolved' : run.resolved === false ? 'not resolved' : 'unlabelled';
  const tone: ResultTone = run.resolved === true ? 'good' : run.resolved === false ? 'bad' : 'unknown';
  return { text: parts.length > 0 ? `${label} · ${parts.join(', ')}` : label, tone };
}

/** A date for a list: "2025-03-04 14:05" in local time (sortable, unambiguous). */
export function shortDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Lines of a text, counting a last line without a newline. */
export function lineCount(text: string): number {
  if (text === '') return 0;
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < text.length - 1; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

export function plural(n: number, noun: string): string {
  return `${n.toLocaleString('en')} ${noun}${n === 1 ? '' : 's'}`;
}

/** A rate as "0.75". */
export function rate(value: number): string {
  return value.toFixed(2);
}

/** Whether a run matches the history's filter box (task, model, agent, id, how it ended). */
export function matchesFilter(run: { title: string; model: string; agent: string; runId: string; taskId: string; end: RunEndReason | null }, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter((word) => word !== '');
  if (words.length === 0) return true;
  const haystack = `${run.title} ${run.model} ${run.agent} ${run.runId} ${run.taskId} ${endLabel(run.end)}`.toLowerCase();
  return words.every((word) => haystack.includes(word));
}
