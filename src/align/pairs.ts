// DPO pairs from key actions, in the conversational preference format TRL's DPOTrainer reads:
// {"prompt": [messages], "chosen": [assistant message], "rejected": [assistant message]},
// plus the tool schemas and a metadata object.
//
// Runs that share a node share its actions, not always its observations (a test's timing, a
// listing's order) or its system prompt. One run's history must be the prompt, so both sides
// share it exactly: it is a run through the CHOSEN child, a successful one first. prompt +
// chosen is then a conversation that really happened and led to success; the rejected message
// is what a run through the worse child did after the same actions (a failed run first).
import type { ChildComparison, KeyAction } from './key-actions';
import { promptOfTurn, toTrainingMessage, toTrainingMessages, toTrainingTools, type ArgumentsStyle, type TrainingMessage, type TrainingTool } from './messages';
import { followUpAt } from './follow-ups';
import { hydrate, ownTurn, turnSource, type RunReader, type TaskRun } from './task-runs';
import { nodeId, nodeLabel, type TreeNode } from './tree';

/** list: tools as a list of OpenAI function tools; string: the same list as one JSON string
 * (Arrow needs one type per column, and tool schemas vary); none: left out. */
export type ToolsStyle = 'list' | 'string' | 'none';

export interface ExportOptions {
  arguments: ArgumentsStyle;
  tools: ToolsStyle;
}

export const DEFAULT_EXPORT_OPTIONS: ExportOptions = { arguments: 'object', tools: 'list' };

export interface SideMetadata {
  node: string;
  action: string;
  value: number;
  visits: number;
  successes: number;
  interval: [number, number];
  /** The run whose assistant message this side is. */
  run: string;
}

export interface PairMetadata {
  task: string;
  /** The decision point (the parent of both sides) and the step both sides were taken at. */
  decision_node: string;
  step: number;
  chosen: SideMetadata;
  rejected: SideMetadata;
  gap: number;
  separation: number;
  z: number;
  /** The run whose history is the prompt. */
  prompt_run: string;
  tool_format: string | null;
}

export interface PairRecord {
  prompt: TrainingMessage[];
  chosen: TrainingMessage[];
  rejected: TrainingMessage[];
  tools?: TrainingTool[] | string;
  metadata: PairMetadata;
}

export function toolsField(tools: TrainingTool[], style: ToolsStyle): { tools?: TrainingTool[] | string } {
  if (style === 'none') return {};
  return { tools: style === 'string' ? JSON.stringify(tools) : tools };
}

export function byLabelFirst(first: boolean): (a: TaskRun, b: TaskRun) => number {
  const rank = (run: TaskRun): number => (run.resolved === first ? 0 : 1);
  return (a, b) => rank(a) - rank(b) || a.ref.runId.localeCompare(b.ref.runId);
}

export function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}

function side(node: TreeNode, run: TaskRun): SideMetadata {
  return {
    node: nodeId(node), action: nodeLabel(node), value: round(node.value), visits: node.visits, successes: node.successes,
    interval: [round(node.interval.low), round(node.interval.high)], run: run.ref.runId,
  };
}

/** The first candidate (in order) whose turn at `step` can be rebuilt. Only the run that
 * recorded that step (and its ancestors) is read back into memory, one candidate at a time. */
export async function firstUsable<T>(candidates: readonly TaskRun[], step: number, read: RunReader | null, build: (run: TaskRun) => T | null): Promise<T | null> {
  for (const run of candidates) {
    const owner = run.owners[step - 1];
    if (!owner) continue;
    await hydrate(owner, read);
    const built = build(run);
    if (built) return built;
  }
  return null;
}

/** The pair for one significant comparison, or a reason why none could be built (every
 * candidate run lacked a turn needed to rebuild the prompt). */
export async function pairOf(key: KeyAction, comparison: ChildComparison, z: number, options: ExportOptions, read: RunReader | null): Promise<PairRecord | string> {
  const step = comparison.better.step;
  const prompt = await firstUsable([...comparison.better.runs].sort(byLabelFirst(true)), step, read, (run) => {
    const own = ownTurn(run, step);
    const messages = own ? promptOfTurn(turnSource(own.owner), step) : null;
    const header = own?.owner.header;
    return own && messages && header
      ? { run, owner: own.owner, turn: own.turn, header, messages, assistant: toTrainingMessage(own.turn.assistant, options.arguments) }
      : null;
  });
  if (!prompt) return `no run through ${nodeId(comparison.better)} has the turns to rebuild the prompt of step ${step}`;
  const rejected = await firstUsable([...comparison.worse.runs].sort(byLabelFirst(false)), step, read, (run) => {
    const own = ownTurn(run, step);
    return own ? { run, owner: own.owner, turn: own.turn, assistant: toTrainingMessage(own.turn.assistant, options.arguments) } : null;
  });
  if (!rejected) return `no run through ${nodeId(comparison.worse)} recorded its turn at step ${step}`;
  if (followUpAt(prompt.owner, step, prompt.turn) !== followUpAt(rejected.owner, step, rejected.turn)) {
    return `the two sides of step ${step} answer different follow-ups from the user, so they were not taken in the same state`;
  }
  const { header } = prompt;
  return {
    prompt: toTrainingMessages(prompt.messages, options.arguments),
    chosen: [prompt.assistant],
    rejected: [rejected.assistant],
    ...toolsField(toTrainingTools(header.tools), options.tools),
    metadata: {
      task: key.taskId,
      decision_node: nodeId(key.node),
      step,
      chosen: side(comparison.better, prompt.run),
      rejected: side(comparison.worse, rejected.run),
      gap: round(comparison.gap),
      separation: round(comparison.separation),
      z,
      prompt_run: prompt.owner.ref.runId,
      tool_format: header.toolFormat,
    },
  };
}

/** Every pair of a key action, best comparison first, and the problems that dropped any. */
export async function pairsOfKeyAction(key: KeyAction, z: number, options: ExportOptions, read: RunReader | null): Promise<{ pairs: PairRecord[]; problems: string[] }> {
  const pairs: PairRecord[] = [];
  const problems: string[] = [];
  for (const comparison of key.comparisons) {
    const pair = await pairOf(key, comparison, z, options, read);
    if (typeof pair === 'string') problems.push(`${key.taskId}: ${pair}`);
    else pairs.push(pair);
  }
  return { pairs, problems };
}
