// The trajectory tree of one task: the kept runs' action paths merged on shared prefixes.
// The root is the task itself (every run passes through it); a node at depth d is an action
// taken at step d after the actions on the path to it. A node's value is the success rate of
// the runs through it (SEAlign's Monte-Carlo estimate), with a Wilson interval.
import { createHash } from 'node:crypto';
import { labelOfKey } from './canonical';
import type { TaskRun } from './task-runs';
import { wilsonInterval, type Interval } from './wilson';

export interface TreeNode {
  taskId: string;
  /** Depth: 0 for the root, else the step of the action. */
  step: number;
  /** The canonical action ('' for the root). */
  key: string;
  parent: TreeNode | null;
  /** In the order first seen (runs are inserted in file order, so this is stable). */
  children: TreeNode[];
  childByKey: Map<string, TreeNode>;
  /** The kept runs through this node. */
  runs: TaskRun[];
  visits: number;
  successes: number;
  value: number;
  interval: Interval;
  /** Memoised id; read it through nodeId(). */
  cachedId?: string;
}

export interface TaskTree {
  taskId: string;
  root: TreeNode;
  /** Nodes, root included. */
  size: number;
  /** The normal quantile the intervals were computed with. */
  z: number;
}

function newNode(taskId: string, step: number, key: string, parent: TreeNode | null): TreeNode {
  return {
    taskId, step, key, parent, children: [], childByKey: new Map(), runs: [],
    visits: 0, successes: 0, value: 0, interval: { low: 0, high: 1 },
  };
}

/** Builds and scores the tree of the given runs (pass only kept runs: each must have a known
 * outcome; a run with `resolved` null would count as a failure). */
export function buildTree(taskId: string, runs: readonly TaskRun[], z: number): TaskTree {
  const root = newNode(taskId, 0, '', null);
  let size = 1;
  for (const run of runs) {
    let node = root;
    addRun(node, run);
    for (let index = 0; index < run.path.length; index++) {
      const key = run.path[index] as string;
      let child = node.childByKey.get(key);
      if (!child) {
        child = newNode(taskId, index + 1, key, node);
        node.childByKey.set(key, child);
        node.children.push(child);
        size++;
      }
      node = child;
      addRun(node, run);
    }
  }
  score(root, z);
  return { taskId, root, size, z };
}

function addRun(node: TreeNode, run: TaskRun): void {
  node.runs.push(run);
  node.visits++;
  if (run.resolved === true) node.successes++;
}

function score(root: TreeNode, z: number): void {
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop() as TreeNode;
    node.value = node.visits > 0 ? node.successes / node.visits : 0;
    node.interval = wilsonInterval(node.successes, node.visits, z);
    stack.push(...node.children);
  }
}

/** A node's id: the first 12 hex digits of a SHA-1 over its task id and canonical path, so the
 * same action after the same actions has the same id in every export, whatever other runs
 * exist, and ids never collide across tasks. The root is "root". */
export function nodeId(node: TreeNode): string {
  if (node.cachedId !== undefined) return node.cachedId;
  const id = node.parent === null
    ? 'root'
    : createHash('sha1').update(node.parent.parent === null ? `task:${node.taskId}` : nodeId(node.parent)).update('\0').update(node.key).digest('hex').slice(0, 12);
  node.cachedId = id;
  return id;
}

export function nodeLabel(node: TreeNode): string {
  return node.parent === null ? '(task)' : labelOfKey(node.key);
}

/** Every node, parents before children, children in their order. */
export function* walkTree(root: TreeNode): Generator<TreeNode> {
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop() as TreeNode;
    yield node;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as TreeNode);
  }
}

/** The node a run's first `steps` steps lead to, or null when the run is not in the tree. */
export function nodeAt(tree: TaskTree, run: TaskRun, steps: number): TreeNode | null {
  let node: TreeNode | undefined = tree.root;
  for (let index = 0; index < steps && node; index++) node = node.childByKey.get(run.path[index] as string);
  return node ?? null;
}
