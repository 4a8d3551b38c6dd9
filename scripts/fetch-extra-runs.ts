// Rebuilds the third-party runs behind test/watch/extra-labels/*.json (they stay out of the
// repository): each label names its source repository, commit and path and the file's
// sha256; this downloads the file from GitHub at that commit and checks the hash.
//   npx tsx scripts/fetch-extra-runs.ts [LABELS.json] [DEST]   (default DEST: ~/.cache/crux/extra-runs)
// Then: crux eval-detector --labels LABELS.json=DEST ... (see docs/loop-watch.md).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

interface SourcedLabel { file: string; sha256: string; source: { repo: string; commit: string; path: string } }

async function main(): Promise<void> {
  const labelsFile = process.argv[2] ?? join(__dirname, '..', 'test', 'watch', 'extra-labels', 'loops-own.json');
  const dest = resolve(process.argv[3] ?? join(homedir(), '.cache', 'crux', 'extra-runs'));
  const labels = JSON.parse(readFileSync(labelsFile, 'utf8')) as SourcedLabel[];
  let fetched = 0;
  for (const label of labels) {
    const target = resolve(dest, label.file);
    if (!target.startsWith(`${dest}/`)) throw new Error(`${label.file}: outside ${dest}`);
    if (existsSync(target) && sha256(readFileSync(target)) === label.sha256) continue;
    const url = `https://raw.githubusercontent.com/${label.source.repo}/${label.source.commit}/${label.source.path}`;
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const body = Buffer.from(await response.arrayBuffer());
    if (sha256(body) !== label.sha256) throw new Error(`${url}: the content does not match the label's sha256`);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, body);
    fetched++;
  }
  process.stdout.write(`${labels.length} runs under ${dest} (${fetched} downloaded)\n`);
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

main().catch((error: unknown) => {
  process.stderr.write(`fetch-extra-runs: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
