// Filters applied before scoring (SEAlign stage 2: "filter low-quality samples"). Each run is
// excluded for its first reason, in this order, and every reason is counted:
//   duplicate            the same run id seen earlier in the task (the same run read twice)
//   excluded-repository  the run's repository is excluded (evaluation sets must not leak)
//   orphan-branch        a branch whose parent run is missing and which did not record the
//                        shared steps itself, so it cannot be placed in the tree
//   unknown-outcome      no success label: it cannot be scored
//   stuck                the loop watch marks the run stuck (loops without progress)
//   outlier-length       its number of steps is far outside the task's usual range
import type { FilterConfig } from './config';
import type { FilterReason, TaskRun } from './task-runs';
import type { RunRef } from './source';

export type { FilterReason } from './task-runs';

export const FILTER_REASONS: readonly FilterReason[] = [
  'duplicate', 'excluded-repository', 'orphan-branch', 'unknown-outcome', 'stuck', 'outlier-length',
];

export type FilterCounts = Record<FilterReason, number>;

export function emptyFilterCounts(): FilterCounts {
  return { 'duplicate': 0, 'excluded-repository': 0, 'orphan-branch': 0, 'unknown-outcome': 0, 'stuck': 0, 'outlier-length': 0 };
}

export function addFilterCounts(into: FilterCounts, from: FilterCounts): void {
  for (const reason of FILTER_REASONS) into[reason] += from[reason];
}

/** "owner/name" in lower case, from a remote URL (https, ssh, with or without .git) or an
 * "owner/name" string; null when it has no such shape. */
export function repositorySlug(remote: string): string | null {
  const match = /([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(remote.trim().replace(/^[\w.-]+@[\w.-]+:/, '/'));
  return match ? `${match[1]}/${match[2]}`.toLowerCase() : null;
}

/** The repositories a run belongs to: its remote, and the repository a SWE-bench style task id
 * names ("django__django-11133" is django/django). */
export function repositoriesOf(ref: Pick<RunRef, 'repository' | 'taskId'>): string[] {
  const found: string[] = [];
  const remote = ref.repository ? repositorySlug(ref.repository) : null;
  if (remote) found.push(remote);
  const task = /^([\w.-]+?)__([\w.-]+)-\d+$/.exec(ref.taskId);
  if (task) found.push(`${task[1]}/${task[2]}`.toLowerCase());
  return found;
}

/** Whether a run's repository is excluded: patterns are "owner/name", "owner/*" or a URL. */
export function isExcludedRepository(ref: Pick<RunRef, 'repository' | 'taskId'>, patterns: readonly string[]): boolean {
  if (patterns.length === 0) return false;
  const repositories = repositoriesOf(ref);
  return patterns.some((pattern) => {
    const wildcard = /^([\w.-]+)\/\*$/.exec(pattern.trim());
    if (wildcard) return repositories.some((repo) => repo.startsWith(`${(wildcard[1] as string).toLowerCase()}/`));
    const slug = repositorySlug(pattern);
    return slug !== null && repositories.includes(slug);
  });
}

/** Quantile by linear interpolation between order statistics (R's type 7). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const low = sorted[below] as number;
  const high = sorted[Math.min(below + 1, sorted.length - 1)] as number;
  return low + (high - low) * (position - below);
}

/** Tukey's fences on run length: [Q1 - k*s, Q3 + k*s] with s = max(IQR, median/4, 1). The
 * floor on s keeps a task whose runs nearly all take the same number of steps (IQR 0) from
 * flagging a run that is merely a few steps longer. */
export function lengthFences(lengths: readonly number[], k: number): { low: number; high: number } {
  const sorted = [...lengths].sort((a, b) => a - b);
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  const spread = Math.max(q3 - q1, quantile(sorted, 0.5) / 4, 1);
  return { low: q1 - k * spread, high: q3 + k * spread };
}

/** Marks each run's `excluded` reason (runs already marked, e.g. orphans, keep theirs) and
 * counts the reasons. The loop watch's verdict was taken when the run was read (run.stuck). */
export function applyFilters(runs: readonly TaskRun[], config: FilterConfig): FilterCounts {
  const counts = emptyFilterCounts();
  const seen = new Set<string>();
  const exclude = (run: TaskRun, reason: FilterReason): void => {
    run.excluded = reason;
    counts[reason]++;
  };
  for (const run of runs) {
    const duplicate = seen.has(run.ref.runId);
    seen.add(run.ref.runId);
    if (duplicate) exclude(run, 'duplicate');
    else if (isExcludedRepository(run.ref, config.excludeRepositories)) exclude(run, 'excluded-repository');
    else if (run.excluded === 'orphan-branch') counts['orphan-branch']++;
    else if (run.resolved === null) exclude(run, 'unknown-outcome');
    else if (config.dropStuck && run.stuck === true) exclude(run, 'stuck');
  }
  if (config.outlier) {
    const kept = runs.filter((run) => run.excluded === null);
    if (kept.length >= config.outlier.minRuns) {
      const { low, high } = lengthFences(kept.map((run) => run.path.length), config.outlier.k);
      for (const run of kept) if (run.path.length < low || run.path.length > high) exclude(run, 'outlier-length');
    }
  }
  return counts;
}
