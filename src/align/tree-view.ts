// `crux tree` output: the tree as indented text, as JSON, or as Graphviz DOT, with visits,
// values and intervals on every node and the key actions marked. Text marks: ★ a key action
// (a decision point), ▲ the better and ▼ the worse side of a significant comparison.
import type { FilterCounts } from './filters';
import { FILTER_REASONS } from './filters';
import type { KeyAction } from './key-actions';
import type { TaskAnalysis } from './pipeline';
import { nodeId, nodeLabel, type TreeNode } from './tree';

interface Marks {
  key: Set<TreeNode>;
  better: Set<TreeNode>;
  worse: Set<TreeNode>;
}

export function marksOf(keyActions: readonly KeyAction[]): Marks {
  const marks: Marks = { key: new Set(), better: new Set(), worse: new Set() };
  for (const key of keyActions) {
    marks.key.add(key.node);
    for (const comparison of key.comparisons) {
      marks.better.add(comparison.better);
      marks.worse.add(comparison.worse);
    }
  }
  return marks;
}

const fixed = (value: number): string => value.toFixed(2);
const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

function stats(node: TreeNode): string {
  return `n=${node.visits} ok=${node.successes} v=${fixed(node.value)} [${fixed(node.interval.low)}, ${fixed(node.interval.high)}]`;
}

export function filteredText(filtered: FilterCounts): string {
  const parts = FILTER_REASONS.filter((reason) => filtered[reason] > 0).map((reason) => `${reason} ${filtered[reason]}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/** The tree as indented lines. Long chains of single-child steps taken by the same runs are
 * shortened to their first and last step, with the count of steps between. */
export function treeText(analysis: TaskAnalysis): string[] {
  const marks = marksOf(analysis.keyActions);
  const lines = [
    `task ${analysis.taskId}: ${plural(analysis.runs.length, 'run')}, ${analysis.kept.length} kept (filtered: ${filteredText(analysis.filtered)}); ` +
      `${plural(analysis.tree.size - 1, 'step')} in the tree; ${plural(analysis.keyActions.length, 'key action')}`,
  ];
  const describe = (node: TreeNode): string => {
    const mark = `${marks.key.has(node) ? '★ ' : ''}${marks.better.has(node) ? '▲ ' : ''}${marks.worse.has(node) ? '▼ ' : ''}`;
    const head = node.parent === null ? '(task)' : `[${node.step}] ${nodeLabel(node)}`;
    return `${mark}${head}  ${stats(node)}  #${nodeId(node)}`;
  };
  const emit = (node: TreeNode, prefix: string, connector: string, childPrefix: string): void => {
    lines.push(`${prefix}${connector}${describe(node)}`);
    const only = node.children.length === 1 ? node.children[0] : undefined;
    if (only) {
      const chain: TreeNode[] = [];
      let end = only;
      while (end.children.length === 1 && (end.children[0] as TreeNode).visits === end.visits) {
        chain.push(end);
        end = end.children[0] as TreeNode;
      }
      if (chain.length >= 3) {
        lines.push(`${childPrefix}└─ ${describe(chain[0] as TreeNode)}`);
        lines.push(`${childPrefix}   ┆ ${chain.length - 1} more steps on the same ${end.visits === 1 ? 'run' : `${end.visits} runs`}`);
        emit(end, childPrefix, '   ', `${childPrefix}   `);
        return;
      }
    }
    node.children.forEach((child, index) => {
      const last = index === node.children.length - 1;
      emit(child, childPrefix, last ? '└─ ' : '├─ ', `${childPrefix}${last ? '   ' : '│  '}`);
    });
  };
  emit(analysis.tree.root, '', '', '');
  return lines;
}

export interface NodeJson {
  id: string;
  step: number;
  action: string;
  canonical: string;
  visits: number;
  successes: number;
  value: number;
  interval: [number, number];
  key_action?: true;
  children: NodeJson[];
}

export interface TaskTreeJson {
  task: string;
  runs: number;
  kept: number;
  filtered: FilterCounts;
  key_actions: { node: string; step: number; comparisons: { better: string; worse: string; gap: number; separation: number }[] }[];
  root: NodeJson;
}

const round = (value: number): number => Math.round(value * 10000) / 10000;

export function treeJson(analysis: TaskAnalysis): TaskTreeJson {
  const marks = marksOf(analysis.keyActions);
  const toJson = (node: TreeNode): NodeJson => ({
    id: nodeId(node), step: node.step, action: nodeLabel(node), canonical: node.key,
    visits: node.visits, successes: node.successes, value: round(node.value),
    interval: [round(node.interval.low), round(node.interval.high)],
    ...(marks.key.has(node) ? { key_action: true as const } : {}),
    children: node.children.map(toJson),
  });
  return {
    task: analysis.taskId, runs: analysis.runs.length, kept: analysis.kept.length, filtered: analysis.filtered,
    key_actions: analysis.keyActions.map((key) => ({
      node: nodeId(key.node), step: key.node.step,
      comparisons: key.comparisons.map((c) => ({ better: nodeId(c.better), worse: nodeId(c.worse), gap: round(c.gap), separation: round(c.separation) })),
    })),
    root: toJson(analysis.tree.root),
  };
}

function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** One task as a DOT cluster; `prefix` keeps node names unique across tasks in one graph.
 * Fill colour runs from red (value 0) to green (value 1). */
export function treeDot(analysis: TaskAnalysis, prefix: string): string[] {
  const marks = marksOf(analysis.keyActions);
  const lines = [`  subgraph ${dotString(`cluster_${prefix}`)} {`, `    label=${dotString(`task ${analysis.taskId}`)};`];
  const name = (node: TreeNode): string => dotString(`${prefix}_${nodeId(node)}`);
  const stack = [analysis.tree.root];
  while (stack.length > 0) {
    const node = stack.pop() as TreeNode;
    const head = node.parent === null ? '(task)' : `[${node.step}] ${nodeLabel(node)}`;
    const style = [`fillcolor="${(node.value * 0.33).toFixed(3)} 0.45 1.0"`, 'style=filled'];
    if (marks.key.has(node)) style.push('penwidth=3', 'color=blue');
    else if (marks.better.has(node)) style.push('penwidth=2', 'color=darkgreen');
    else if (marks.worse.has(node)) style.push('penwidth=2', 'color=red');
    lines.push(`    ${name(node)} [label=${dotString(`${head}\n${stats(node)}`)}, ${style.join(', ')}];`);
    if (node.parent) lines.push(`    ${name(node.parent)} -> ${name(node)};`);
    stack.push(...node.children);
  }
  lines.push('  }');
  return lines;
}
