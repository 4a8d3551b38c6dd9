// Shared by the importer tests: where the eval-data set is, its labelled action counts and
// outcome labels, and temp folders.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const repoRoot = join(__dirname, '..', '..', '..');
export const evalDataDir = join(repoRoot, '..', 'shared', 'eval-data');

/** Skips the calling suite (with a message saying why) when the eval-data set is absent. */
export function requireEvalData(context: Mocha.Context): void {
  if (existsSync(evalDataDir)) return;
  console.log(`    (skipped: the eval-data set is not at ${evalDataDir})`);
  context.skip();
}

interface LoopLabel {
  file: string;
  actions: number;
}

/** Absolute file path → the labelled number of actions (labels/loops.json and loops-extra.json). */
export function labelledActionCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of ['loops.json', 'loops-extra.json']) {
    const labels = JSON.parse(readFileSync(join(evalDataDir, 'labels', name), 'utf8')) as LoopLabel[];
    for (const label of labels) counts.set(join(evalDataDir, label.file), label.actions);
  }
  return counts;
}

interface ManifestEntry {
  file: string;
  resolved?: boolean | null;
}

/** Absolute file path → resolved flag, from MANIFEST.json and MANIFEST-extra.json. */
export function manifestResolved(): Map<string, boolean | null> {
  const resolved = new Map<string, boolean | null>();
  const main = JSON.parse(readFileSync(join(evalDataDir, 'MANIFEST.json'), 'utf8')) as { files: ManifestEntry[] };
  const extra = JSON.parse(readFileSync(join(evalDataDir, 'MANIFEST-extra.json'), 'utf8')) as ManifestEntry[];
  for (const entry of [...main.files, ...extra]) {
    if ('resolved' in entry) resolved.set(join(evalDataDir, entry.file), entry.resolved ?? null);
  }
  return resolved;
}

export function tempDir(prefix = 'crux-import-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
