// Hand-made stuck-in-loop labels (eval-data/labels/loops.json and the like, defined in
// labels/GUIDE.md): a JSON array with one object per run, its `file` relative to the data
// folder. Read strictly: a label that cannot be read would silently change every score.
import { readFile } from 'node:fs/promises';

export interface LoopLabel {
  /** Path relative to the data folder. */
  file: string;
  actions: number | null;
  stuck: boolean;
  loop: boolean;
  firstLoopAction: number | null;
  kind: string | null;
}

export class LoopLabelError extends Error {
  override name = 'LoopLabelError';
}

export async function readLoopLabels(files: readonly string[]): Promise<LoopLabel[]> {
  const labels: LoopLabel[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new LoopLabelError(`cannot read the label file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    labels.push(...parseLoopLabels(text, file));
  }
  return labels;
}

export function parseLoopLabels(text: string, name: string): LoopLabel[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new LoopLabelError(`${name} is not valid JSON`);
  }
  if (!Array.isArray(value)) throw new LoopLabelError(`${name}: expected a JSON array of labels`);
  return value.map((item: unknown, index) => {
    const where = `${name} [${index}]`;
    if (item === null || typeof item !== 'object') throw new LoopLabelError(`${where}: a label is an object`);
    const entry = item as Record<string, unknown>;
    if (typeof entry.file !== 'string' || entry.file === '') throw new LoopLabelError(`${where}: "file" must be a path`);
    if (typeof entry.stuck !== 'boolean' || typeof entry.loop !== 'boolean') {
      throw new LoopLabelError(`${where} (${entry.file}): "stuck" and "loop" must be true or false`);
    }
    const first = entry.first_loop_action;
    if (first !== null && first !== undefined && typeof first !== 'number') {
      throw new LoopLabelError(`${where} (${entry.file}): "first_loop_action" must be a number or null`);
    }
    return {
      file: entry.file,
      actions: typeof entry.actions === 'number' ? entry.actions : null,
      stuck: entry.stuck,
      loop: entry.loop,
      firstLoopAction: typeof first === 'number' ? first : null,
      kind: typeof entry.kind === 'string' ? entry.kind : null,
    };
  });
}
