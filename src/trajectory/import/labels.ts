// Outcome labels from outside the run files: which runs resolved their task. Accepted:
//   - an sb-cli report (resolved_ids, unresolved_ids, error_ids, empty_patch_ids): by instance;
//   - a SWE-bench harness report ({instance_id: {resolved}}): by instance;
//   - a SWE-bench report in Markdown (OpenHands' output.swebench_eval.md, "## Resolved
//     Instances" lists): by instance;
//   - MANIFEST-style lists ({files: [{file, resolved}]} or [{file, resolved}]): by file, with
//     paths relative to the label file. A file label wins over an instance label, also when it
//     says null (unknown): an interrupted attempt must not inherit its task's final result.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Trajectory } from '../format';
import { asArray, asBoolean, asObject, asString, isObject } from './json';

export interface OutcomeLabel {
  resolved: boolean | null;
  /** Set when the report says the run submitted an empty patch. */
  emptyPatch?: boolean;
  /** For file labels: the instance the entry names, so a multi-run file applies it only there. */
  instanceId?: string;
  /** The label file it came from. */
  origin: string;
}

export interface OutcomeLabels {
  /** Absolute path of a run file → its label. */
  byFile: Map<string, OutcomeLabel>;
  /** Instance (task) id → its label. */
  byInstance: Map<string, OutcomeLabel>;
}

export class LabelError extends Error {
  override name = 'LabelError';
}

export function emptyLabels(): OutcomeLabels {
  return { byFile: new Map(), byInstance: new Map() };
}

/** Reads label files into one set; later files override earlier ones for the same key. */
export async function readOutcomeLabels(files: readonly string[]): Promise<OutcomeLabels> {
  const labels = emptyLabels();
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new LabelError(`cannot read the label file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    const before = labels.byFile.size + labels.byInstance.size;
    addLabels(labels, text, file);
    if (labels.byFile.size + labels.byInstance.size === before) {
      throw new LabelError(`${file} holds no outcome labels (expected an sb-cli report, a SWE-bench report in JSON or Markdown, or a MANIFEST-style list of {file, resolved})`);
    }
  }
  return labels;
}

export function addLabels(labels: OutcomeLabels, text: string, file: string): void {
  const origin = file.split(/[\\/]/).pop() ?? file;
  if (/\.md$/i.test(file)) {
    addMarkdownReport(labels, text, origin);
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw new LabelError(`${file} is not valid JSON`);
  }
  const object = asObject(value);
  if (object && Array.isArray(object.resolved_ids)) {
    const lists: [string, boolean, boolean][] = [['resolved_ids', true, false], ['unresolved_ids', false, false], ['error_ids', false, false], ['empty_patch_ids', false, true]];
    for (const [key, resolved, empty] of lists) {
      for (const id of asArray(object[key]) ?? []) {
        if (typeof id === 'string') labels.byInstance.set(id, { resolved, ...(empty ? { emptyPatch: true } : {}), origin });
      }
    }
    return;
  }
  const entries = asArray(object?.files) ?? asArray(value);
  if (entries) {
    for (const entry of entries) {
      const item = asObject(entry);
      const path = asString(item?.file);
      if (!item || !path || !('resolved' in item)) continue;
      const instanceId = asString(item.instance_id);
      labels.byFile.set(resolve(dirname(file), path), { resolved: asBoolean(item.resolved) ?? null, ...(instanceId ? { instanceId } : {}), origin });
    }
    return;
  }
  for (const [id, result] of Object.entries(object ?? {})) {
    if (isObject(result) && typeof result.resolved === 'boolean') labels.byInstance.set(id, { resolved: result.resolved, origin });
  }
}

/** "## Resolved Instances" / "Unresolved" / "Error" / "Empty Patch" sections of "- [id](log)" items. */
function addMarkdownReport(labels: OutcomeLabels, text: string, origin: string): void {
  let section: OutcomeLabel | null = null;
  for (const line of text.split('\n')) {
    const heading = /^#+\s*(.+?)\s*$/.exec(line);
    if (heading) {
      const title = (heading[1] ?? '').toLowerCase();
      if (/^resolved instances/.test(title)) section = { resolved: true, origin };
      else if (/^(unresolved|error) instances/.test(title)) section = { resolved: false, origin };
      else if (/^empty patch instances/.test(title)) section = { resolved: false, emptyPatch: true, origin };
      else section = null;
      continue;
    }
    const item = /^\s*[-*]\s+(?:\[([^\]]+)\]|`?([\w.-]+)`?)/.exec(line);
    const id = item?.[1] ?? item?.[2];
    if (section && id) labels.byInstance.set(id, section);
  }
}

/** The label that applies to a run, if any: its file's, else its task's. */
export function labelFor(labels: OutcomeLabels, file: string, taskId: string): OutcomeLabel | undefined {
  const byFile = labels.byFile.get(resolve(file));
  if (byFile && (byFile.instanceId === undefined || byFile.instanceId === taskId)) return byFile;
  return labels.byInstance.get(taskId);
}

/** Sets the outcome's resolved flag (and emptyPatch) from the label that applies. */
export function applyLabel(trajectory: Trajectory, label: OutcomeLabel | undefined): void {
  if (!label || !trajectory.outcome) return;
  trajectory.outcome.resolved = label.resolved;
  if (label.emptyPatch) trajectory.outcome.emptyPatch = true;
  // A file's recorded history is written back as it was: the label becomes one more update.
  trajectory.outcomeHistory?.updates.push({ kind: 'outcome-update', t: null, resolved: label.resolved, origin: label.origin });
}
