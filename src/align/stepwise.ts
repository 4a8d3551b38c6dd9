// Stepwise supervision rows (TRL's format for process reward models: {prompt, completions,
// labels}) from the same trees: one row per kept run whose path passes a key action. The
// completions are the run's steps as text (the assistant's words, then each tool call as
// `name {json arguments}`), the labels say whether each step was a good one: false where the run
// took the significantly worse side of a key action (its Wilson interval lies below a sibling's),
// true elsewhere. A run that never met a key action carries no step-level evidence and is left out.
import type { ChatMessage } from '../model/types';
import type { TaskAnalysis } from './pipeline';
import { round } from './pairs';
import { hydrate, ownTurn, type TaskRun } from './task-runs';
import { nodeAt, nodeId, type TreeNode } from './tree';

export interface StepwiseRecord {
  prompt: string;
  completions: string[];
  labels: boolean[];
  metadata: { task: string; run: string; resolved: boolean | null; nodes: string[]; values: number[] };
}

/** One step as text: the assistant's words, then one line per tool call. */
export function stepText(assistant: ChatMessage & { role: 'assistant' }): string {
  const calls = (assistant.tool_calls ?? []).map((call) => `${call.function.name} ${call.function.arguments}`);
  return [assistant.content ?? '', ...calls].filter((part) => part.trim() !== '').join('\n');
}

export async function stepwiseRecordsOfTask(analysis: TaskAnalysis): Promise<{ records: StepwiseRecord[]; problems: string[] }> {
  const worse = new Set<TreeNode>();
  const judged = new Set<TreeNode>();
  for (const key of analysis.keyActions) {
    for (const comparison of key.comparisons) {
      worse.add(comparison.worse);
      judged.add(comparison.worse).add(comparison.better);
    }
  }
  const records: StepwiseRecord[] = [];
  const problems: string[] = [];
  for (const run of analysis.kept) {
    const nodes = run.path.map((_key, index) => nodeAt(analysis.tree, run, index + 1) as TreeNode);
    if (!nodes.some((node) => judged.has(node))) continue;
    const record = await recordOf(run, nodes, worse, analysis);
    if (typeof record === 'string') problems.push(`${analysis.taskId}: ${record}`);
    else records.push(record);
  }
  return { records, problems };
}

async function recordOf(run: TaskRun, nodes: TreeNode[], worse: Set<TreeNode>, analysis: TaskAnalysis): Promise<StepwiseRecord | string> {
  await hydrate(run, analysis.read);
  const completions: string[] = [];
  let prompt = '';
  for (let step = 1; step <= nodes.length; step++) {
    const own = ownTurn(run, step);
    if (!own) return `run ${run.ref.runId} lacks its turn ${step}`;
    if (step === 1) prompt = own.turn.newMessages.filter((message) => message.role === 'user').map((message) => message.content).join('\n\n');
    completions.push(stepText(own.turn.assistant));
  }
  return {
    prompt,
    completions,
    labels: nodes.map((node) => !worse.has(node)),
    metadata: { task: analysis.taskId, run: run.ref.runId, resolved: run.resolved, nodes: nodes.map(nodeId), values: nodes.map((node) => round(node.value)) },
  };
}
