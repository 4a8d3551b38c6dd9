// Where code-server keeps a workspace's extension storage, to check what Crux recorded there:
// <user data>/User/workspaceStorage/<id>/ holds meta.json naming the folder (code-server; desktop
// VS Code writes workspace.json with its URI), and crux-dev.crux/trajectories/ the runs. The test
// folders have distinct names, so the name is enough.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export function trajectoryFiles(userDataDir: string, workspace: string): string[] {
  const root = join(userDataDir, 'User', 'workspaceStorage');
  if (!existsSync(root)) return [];
  const files: string[] = [];
  for (const id of readdirSync(root)) {
    if (!namesFolder(join(root, id), workspace)) continue;
    const dir = join(root, id, 'crux-dev.crux', 'trajectories');
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) if (name.endsWith('.jsonl') && name !== 'index.jsonl') files.push(join(dir, name));
  }
  return files.sort();
}

function namesFolder(storage: string, workspace: string): boolean {
  const meta = join(storage, 'meta.json');
  if (existsSync(meta)) return (JSON.parse(readFileSync(meta, 'utf8')) as { name?: string }).name === basename(workspace);
  const described = join(storage, 'workspace.json');
  if (!existsSync(described)) return false;
  const { folder } = JSON.parse(readFileSync(described, 'utf8')) as { folder?: string };
  return folder !== undefined && decodeURIComponent(folder).endsWith(workspace);
}

export interface TrajectoryHead {
  runId: string;
  task: { id: string; text: string };
  parent: { runId: string; step: number } | null;
  consent: string;
}

export function readHeader(file: string): TrajectoryHead {
  return JSON.parse(readFileSync(file, 'utf8').split('\n')[0] ?? '{}') as TrajectoryHead;
}

/** The success label after every outcome update (null: unlabelled). */
export function resolvedLabel(file: string): boolean | null {
  let resolved: boolean | null = null;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.includes('"outcome')) continue;
    const record = JSON.parse(line) as { kind?: string; resolved?: boolean | null };
    if ((record.kind === 'outcome' || record.kind === 'outcome-update') && record.resolved !== undefined) resolved = record.resolved;
  }
  return resolved;
}

/** The verdicts of the user's outcome updates in a trajectory, in order. */
export function verdicts(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').filter((line) => line.includes('"outcome-update"'))
    .map((line) => (JSON.parse(line) as { verdict?: string }).verdict ?? '').filter((verdict) => verdict !== '');
}
