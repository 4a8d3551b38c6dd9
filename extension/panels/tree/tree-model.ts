// One task's analysis (src/align) as the tree page draws it, and a node's details as the page
// shows them when it is selected. Nodes are listed parents first with the index of their
// parent, so the page lays the tree out without rebuilding pointers.
import { FILTER_REASONS, nodeId, nodeLabel, walkTree, type KeyAction, type TaskAnalysis, type TreeNode } from '../../../src/align';
import { ownTurn } from '../../../src/align/task-runs';
import { marksOf } from '../../../src/align/tree-view';
import type { TreeNodeDetail, TreeView, TreeViewNode } from '../../../src/protocol';

/** Runs listed in a node's details; the rest are counted. */
export const LISTED_RUNS = 100;
const CANONICAL_CHARS = 4000;

const round = (value: number): number => Math.round(value * 10_000) / 10_000;

export function treeViewOf(analysis: TaskAnalysis, taskText: string, source: string): TreeView {
  const marks = marksOf(analysis.keyActions);
  const index = new Map<TreeNode, number>();
  const nodes: TreeViewNode[] = [];
  for (const node of walkTree(analysis.tree.root)) {
    index.set(node, nodes.length);
    nodes.push({
      id: nodeId(node),
      parent: node.parent ? (index.get(node.parent) as number) : -1,
      step: node.step,
      label: nodeLabel(node),
      visits: node.visits,
      successes: node.successes,
      value: round(node.value),
      low: round(node.interval.low),
      high: round(node.interval.high),
      key: marks.key.has(node),
      better: marks.better.has(node),
      worse: marks.worse.has(node),
    });
  }
  return {
    taskId: analysis.taskId,
    taskText,
    source,
    runs: analysis.runs.length,
    kept: analysis.kept.length,
    filtered: FILTER_REASONS.filter((reason) => analysis.filtered[reason] > 0).map((reason) => ({ reason, count: analysis.filtered[reason] })),
    keyActions: analysis.keyActions.length,
    z: analysis.tree.z,
    nodes,
  };
}

/** Every node of the tree by its id. */
export function nodesById(analysis: TaskAnalysis): Map<string, TreeNode> {
  const byId = new Map<string, TreeNode>();
  for (const node of walkTree(analysis.tree.root)) byId.set(nodeId(node), node);
  return byId;
}

/** The run whose turn illustrates a node: a successful one first, else the first. */
export function representativeRun(node: TreeNode): TreeNode['runs'][number] | undefined {
  return node.runs.find((run) => run.resolved === true) ?? node.runs[0];
}

/** A node's details; the representative run (and its ancestors) must be hydrated. */
export function nodeDetailOf(node: TreeNode, keyActions: readonly KeyAction[]): TreeNodeDetail {
  const key = keyActions.find((candidate) => candidate.node === node);
  const run = node.parent ? representativeRun(node) : undefined;
  const turn = run ? ownTurn(run, node.step)?.turn : undefined;
  return {
    id: nodeId(node),
    step: node.step,
    label: nodeLabel(node),
    canonical: node.key.length > CANONICAL_CHARS ? `${node.key.slice(0, CANONICAL_CHARS - 1)}…` : node.key,
    visits: node.visits,
    successes: node.successes,
    value: round(node.value),
    low: round(node.interval.low),
    high: round(node.interval.high),
    key: key !== undefined,
    action: run && turn ? {
      runId: run.ref.runId,
      text: turn.assistant.content ?? '',
      calls: turn.toolCalls.map((call) => ({ name: call.name, argumentsText: prettyJson(call.argumentsText) })),
    } : null,
    comparisons: (key?.comparisons ?? []).map((comparison) => ({
      better: nodeLabel(comparison.better), worse: nodeLabel(comparison.worse), gap: round(comparison.gap),
    })),
    runs: node.runs.slice(0, LISTED_RUNS).map((through) => ({ runId: through.ref.runId, resolved: through.resolved, steps: through.path.length })),
    moreRuns: Math.max(0, node.runs.length - LISTED_RUNS),
  };
}

function prettyJson(text: string): string {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? JSON.stringify(parsed, null, 2) : text;
  } catch {
    return text;
  }
}
