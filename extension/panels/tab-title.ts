// Editor tab titles for runs: the task's first line, shortened (a tab is narrow; the full text
// is in the tooltip and the page), instead of a run id or a file name.
const TAB_CHARS = 40;

export function taskTabTitle(prefix: string, taskText: string, fallback: string): string {
  const line = taskText.trim().split('\n')[0]?.trim() ?? '';
  if (line === '') return `${prefix}${fallback}`;
  return `${prefix}${line.length > TAB_CHARS ? `${line.slice(0, TAB_CHARS - 1).trimEnd()}…` : line}`;
}
