// Key actions: decision points whose sibling actions lead to significantly different success
// rates. Two children of a node differ significantly when both rest on at least minVisits runs,
// their values differ by at least minGap, and their Wilson intervals do not overlap (the lower
// bound of the better one is above the upper bound of the worse one). Non-overlap is stricter
// than a two-proportion test at the same level: a pair that passes is a real difference, at
// the cost of missing some borderline ones, which is the right side to err on for training.
import type { SignificanceConfig } from './config';
import type { TaskTree, TreeNode } from './tree';
import { nodeId, walkTree } from './tree';
import { wilsonInterval } from './wilson';

export interface ChildComparison {
  better: TreeNode;
  worse: TreeNode;
  /** value(better) - value(worse). */
  gap: number;
  /** low(better) - high(worse): how far apart the intervals are (> 0 when significant). */
  separation: number;
}

export interface KeyAction {
  taskId: string;
  /** The decision point: the node whose children are compared. */
  node: TreeNode;
  /** Every significant (better, worse) pair of its children, best first. */
  comparisons: ChildComparison[];
}

/** Compares two siblings; the comparison when they differ significantly, else null. */
export function compareSiblings(a: TreeNode, b: TreeNode, config: SignificanceConfig): ChildComparison | null {
  if (a.visits < config.minVisits || b.visits < config.minVisits) return null;
  const [better, worse] = a.successes / a.visits >= b.successes / b.visits ? [a, b] : [b, a];
  const gap = better.successes / better.visits - worse.successes / worse.visits;
  // A tiny epsilon, so a gap of exactly minGap (0.3 - 0.1 in floating point) still counts.
  if (gap < config.minGap - 1e-12) return null;
  const separation = wilsonInterval(better.successes, better.visits, config.z).low - wilsonInterval(worse.successes, worse.visits, config.z).high;
  return separation > 0 ? { better, worse, gap, separation } : null;
}

/** Best first: larger gap, then wider separation, then more runs, then ids (for stability). */
export function compareComparisons(x: ChildComparison, y: ChildComparison): number {
  return y.gap - x.gap
    || y.separation - x.separation
    || Math.min(y.better.visits, y.worse.visits) - Math.min(x.better.visits, x.worse.visits)
    || nodeId(x.better).localeCompare(nodeId(y.better))
    || nodeId(x.worse).localeCompare(nodeId(y.worse));
}

/** The key actions of a tree, ranked by their best comparison. */
export function findKeyActions(tree: TaskTree, config: SignificanceConfig): KeyAction[] {
  const found: KeyAction[] = [];
  for (const node of walkTree(tree.root)) {
    const candidates = node.children.filter((child) => child.visits >= config.minVisits);
    if (candidates.length < 2) continue;
    const comparisons: ChildComparison[] = [];
    for (let i = 0; i < candidates.length; i++) {
      for (let j = i + 1; j < candidates.length; j++) {
        const comparison = compareSiblings(candidates[i] as TreeNode, candidates[j] as TreeNode, config);
        if (comparison) comparisons.push(comparison);
      }
    }
    if (comparisons.length > 0) found.push({ taskId: tree.taskId, node, comparisons: comparisons.sort(compareComparisons) });
  }
  return rankKeyActions(found);
}

export function rankKeyActions(keyActions: KeyAction[]): KeyAction[] {
  return keyActions.sort((x, y) => compareComparisons(x.comparisons[0] as ChildComparison, y.comparisons[0] as ChildComparison)
    || x.taskId.localeCompare(y.taskId));
}
