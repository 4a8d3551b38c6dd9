// The trajectory tree page: one task's runs merged on shared prefixes (src/align), drawn as a
// picture; a node's details are fetched when it is selected, so the tree itself stays small.
import {
  arrayOf, exactObject, isBoolean, isInt, isNonEmptyString, isNonNegativeInt, isNonNegativeNumber, isString, nullable,
  type FieldChecks,
} from './checks';
import { panelErrorChecks, panelReadyChecks, type PanelErrorMessage, type PanelReadyMessage } from './panels';
import { unionParser, type ParseResult } from './union';

export interface TreeViewNode {
  id: string;
  /** Index of the parent in `nodes`; -1 for the root. Parents come before their children. */
  parent: number;
  step: number;
  /** A short label of the action ('(task)' for the root). */
  label: string;
  visits: number;
  successes: number;
  /** Success rate of the runs through the node, and its Wilson interval. */
  value: number;
  low: number;
  high: number;
  /** A decision point whose children differ significantly. */
  key: boolean;
  /** The better or the worse side of a significant comparison. */
  better: boolean;
  worse: boolean;
}

export interface TreeView {
  taskId: string;
  taskText: string;
  /** Where the runs came from, in words ("this workspace's run history", a folder). */
  source: string;
  runs: number;
  kept: number;
  /** Runs the filters left out, by reason (only reasons with a count). */
  filtered: { reason: string; count: number }[];
  keyActions: number;
  z: number;
  /** Parents before children, children in their order. */
  nodes: TreeViewNode[];
}

export interface TreeNodeRun {
  runId: string;
  resolved: boolean | null;
  steps: number;
}

export interface TreeNodeDetail {
  id: string;
  step: number;
  label: string;
  /** The action as compared (canonical form). */
  canonical: string;
  visits: number;
  successes: number;
  value: number;
  low: number;
  high: number;
  key: boolean;
  /** The action as one run through the node took it: its text and tool calls. Null for the root. */
  action: { runId: string; text: string; calls: { name: string; argumentsText: string }[] } | null;
  /** The significant comparisons among the node's children, when it is a key action. */
  comparisons: { better: string; worse: string; gap: number }[];
  runs: TreeNodeRun[];
  /** Runs through the node beyond those listed. */
  moreRuns: number;
}

export interface TreeShowMessage { type: 'tree-show'; tree: TreeView }
export interface TreeNodeMessage { type: 'tree-node'; detail: TreeNodeDetail }
export type TreeHostMessage = TreeShowMessage | TreeNodeMessage | PanelErrorMessage;

export interface TreeSelectNodeMessage { type: 'tree-select-node'; nodeId: string }
/** Open a run through the selected node in the viewer, at the node's step. */
export interface TreeOpenRunMessage { type: 'tree-open-run'; runId: string; step: number }
export type TreePageMessage = PanelReadyMessage | TreeSelectNodeMessage | TreeOpenRunMessage;

export type TreePageMessageType = TreePageMessage['type'];
export type TreePageMessageOf<T extends TreePageMessageType> = Extract<TreePageMessage, { type: T }>;
export type TreeHostMessageType = TreeHostMessage['type'];
export type TreeHostMessageOf<T extends TreeHostMessageType> = Extract<TreeHostMessage, { type: T }>;

const nodeChecks: FieldChecks<TreeViewNode> = {
  id: isNonEmptyString, parent: isInt, step: isNonNegativeInt, label: isString, visits: isNonNegativeInt, successes: isNonNegativeInt,
  value: isNonNegativeNumber, low: isNonNegativeNumber, high: isNonNegativeNumber, key: isBoolean, better: isBoolean, worse: isBoolean,
};

const treeChecks: FieldChecks<TreeView> = {
  taskId: isString, taskText: isString, source: isString, runs: isNonNegativeInt, kept: isNonNegativeInt,
  filtered: arrayOf(exactObject({ reason: isString, count: isNonNegativeInt })), keyActions: isNonNegativeInt,
  z: isNonNegativeNumber, nodes: arrayOf(exactObject(nodeChecks)),
};

const detailChecks: FieldChecks<TreeNodeDetail> = {
  id: isNonEmptyString, step: isNonNegativeInt, label: isString, canonical: isString, visits: isNonNegativeInt,
  successes: isNonNegativeInt, value: isNonNegativeNumber, low: isNonNegativeNumber, high: isNonNegativeNumber, key: isBoolean,
  action: nullable(exactObject({
    runId: isString, text: isString, calls: arrayOf(exactObject({ name: isString, argumentsText: isString })),
  })),
  comparisons: arrayOf(exactObject({ better: isString, worse: isString, gap: isNonNegativeNumber })),
  runs: arrayOf(exactObject({ runId: isString, resolved: nullable(isBoolean), steps: isNonNegativeInt })),
  moreRuns: isNonNegativeInt,
};

export const parseTreeHostMessage: (value: unknown) => ParseResult<TreeHostMessage> = unionParser<TreeHostMessage>('tree message', {
  'tree-show': { tree: exactObject(treeChecks) },
  'tree-node': { detail: exactObject(detailChecks) },
  'panel-error': panelErrorChecks,
});

export const parseTreePageMessage: (value: unknown) => ParseResult<TreePageMessage> = unionParser<TreePageMessage>('tree page message', {
  'panel-ready': panelReadyChecks,
  'tree-select-node': { nodeId: isNonEmptyString },
  'tree-open-run': { runId: isNonEmptyString, step: isNonNegativeInt },
});
