// The rollout task file: JSON Lines, one task per line (docs/rollout.md).
//   {"id", "repo", "commit", "task", "test_cmd", "setup_cmd"?, "timeout"?}
// A bad line is reported with its line number and skipped; the other tasks still run.
import { readFile } from 'node:fs/promises';

export interface RolloutTask {
  id: string;
  /** A local path (relative to the task file's folder) or a git URL. */
  repo: string;
  commit: string;
  task: string;
  testCmd: string;
  setupCmd: string | null;
  /** Seconds for this task's runs, overriding --timeout-per-run. */
  timeoutSeconds: number | null;
}

export interface TaskLineError {
  line: number;
  message: string;
}

export interface TaskFile {
  tasks: RolloutTask[];
  errors: TaskLineError[];
}

const KNOWN_FIELDS = new Set(['id', 'repo', 'commit', 'task', 'test_cmd', 'setup_cmd', 'timeout']);
/** Task ids become file names: keep them to a safe alphabet. */
const TASK_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export async function readTaskFile(path: string): Promise<TaskFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read the task file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
  }
  return parseTaskFile(text);
}

export function parseTaskFile(text: string): TaskFile {
  const tasks: RolloutTask[] = [];
  const errors: TaskLineError[] = [];
  const seen = new Map<string, number>();
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '' || raw.trimStart().startsWith('//')) return;
    const parsed = parseTaskLine(raw);
    if (typeof parsed === 'string') {
      errors.push({ line, message: parsed });
      return;
    }
    const earlier = seen.get(parsed.id);
    if (earlier !== undefined) {
      errors.push({ line, message: `task id "${parsed.id}" is already used on line ${earlier}` });
      return;
    }
    seen.set(parsed.id, line);
    tasks.push(parsed);
  });
  return { tasks, errors };
}

function parseTaskLine(raw: string): RolloutTask | string {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return `not valid JSON (${(error as Error).message})`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'a task must be a JSON object';
  const record = value as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => !KNOWN_FIELDS.has(key));
  if (unknown.length > 0) return `unknown field(s) ${unknown.map((key) => `"${key}"`).join(', ')}; known: ${[...KNOWN_FIELDS].join(', ')}`;
  for (const field of ['id', 'repo', 'commit', 'task', 'test_cmd'] as const) {
    if (typeof record[field] !== 'string' || (record[field] as string).trim() === '') return `"${field}" must be a non-empty string`;
  }
  const id = record.id as string;
  if (!TASK_ID.test(id)) return `"id" must be letters, digits, '.', '_' or '-' (at most 128), got "${id}"`;
  if (record.setup_cmd !== undefined && typeof record.setup_cmd !== 'string') return '"setup_cmd" must be a string';
  const timeout = record.timeout;
  if (timeout !== undefined && (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0)) {
    return '"timeout" must be a positive number of seconds';
  }
  return {
    id,
    repo: record.repo as string,
    commit: record.commit as string,
    task: record.task as string,
    testCmd: record.test_cmd as string,
    setupCmd: typeof record.setup_cmd === 'string' && record.setup_cmd.trim() !== '' ? record.setup_cmd : null,
    timeoutSeconds: typeof timeout === 'number' ? timeout : null,
  };
}
