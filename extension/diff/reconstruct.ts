// Rebuilds a file's content from before an edit by applying the edit's unified diff in
// reverse to the current content. Pure (no vscode), so it is unit-tested in Node.
import { applyPatch, parsePatch, reversePatch } from 'diff';

/** The content before the edit, or undefined when the file changed since in a way the
 * reversed diff no longer fits. */
export function contentBeforeEdit(current: string, unifiedDiff: string): string | undefined {
  if (unifiedDiff.trim() === '') return current;
  let patches;
  try {
    patches = parsePatch(unifiedDiff);
  } catch {
    return undefined;
  }
  const [patch] = patches;
  if (!patch || patches.length !== 1) return undefined;
  const before = applyPatch(current, reversePatch(patch));
  return before === false ? undefined : before;
}
