// The task "Fix this problem" gives the agent: where the problem is, what the diagnostic says
// and the line it is on. Plain data in, text out (no VS Code), so it is tested on its own.

export type ProblemSeverity = 'error' | 'warning' | 'information' | 'hint';

export interface Problem {
  /** Workspace-relative path with forward slashes (absolute when outside the workspace). */
  path: string;
  /** 0-based, as VS Code counts. */
  line: number;
  character: number;
  message: string;
  severity: ProblemSeverity;
  /** The tool that reported it ("ts", "eslint"), and its code. */
  source: string | null;
  code: string | null;
  /** The text of the line. */
  lineText: string;
}

/** Lines of the problem's line longer than this are cut: a minified file is not context. */
const LINE_CHARS = 400;

export function problemTask(problem: Problem): string {
  const where = `${problem.path}:${problem.line + 1}:${problem.character + 1}`;
  const origin = [problem.source, problem.code].filter((part) => part !== null && part !== '').join(' ');
  const message = problem.message.trim();
  const line = problem.lineText.length > LINE_CHARS ? `${problem.lineText.slice(0, LINE_CHARS)}…` : problem.lineText;
  return [
    `Fix this problem at ${where}.`,
    '',
    `${capitalize(problem.severity)}${origin ? ` (${origin})` : ''}: ${message}`,
    '',
    `Line ${problem.line + 1}:`,
    line,
    '',
    'Change only what the fix needs, then check that the problem is gone.',
  ].join('\n');
}

/** The problem to fix from those under the cursor: the most severe, then the first. */
export function pickProblem<T extends { severity: ProblemSeverity }>(candidates: readonly T[]): T | undefined {
  const order: ProblemSeverity[] = ['error', 'warning', 'information', 'hint'];
  return [...candidates].sort((a, b) => order.indexOf(a.severity) - order.indexOf(b.severity))[0];
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
