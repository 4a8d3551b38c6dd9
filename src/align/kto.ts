// KTO rows (TRL's unpaired preference format: {prompt, completion, label}) from the same trees
// as the DPO pairs. At every decision point (a node with two or more children that each rest on
// at least --min-visits runs), a child is desirable when its whole Wilson interval lies above
// the decision point's value (the action raises the chance of success significantly), and
// undesirable when its whole interval lies below it. Children whose interval contains the
// parent's value carry no label and are left out: unpaired labels need the same evidence as
// pairs. The prompt is a run through the child (a success first for a desirable action, a
// failure first for an undesirable one), as for pairs.
import type { SignificanceConfig } from './config';
import { promptOfTurn, toTrainingMessage, toTrainingMessages, toTrainingTools, type TrainingMessage, type TrainingTool } from './messages';
import { byLabelFirst, firstUsable, round, toolsField, type ExportOptions } from './pairs';
import type { TaskAnalysis } from './pipeline';
import { ownTurn, turnSource } from './task-runs';
import { nodeId, nodeLabel, walkTree, type TreeNode } from './tree';

export interface KtoRecord {
  prompt: TrainingMessage[];
  completion: TrainingMessage[];
  label: boolean;
  tools?: TrainingTool[] | string;
  metadata: {
    task: string;
    node: string;
    decision_node: string;
    step: number;
    action: string;
    value: number;
    visits: number;
    interval: [number, number];
    decision_value: number;
    prompt_run: string;
    tool_format: string | null;
  };
}

/** The label of a child at a decision point, or null when its interval contains the parent's value. */
export function ktoLabel(child: TreeNode, parent: TreeNode): boolean | null {
  if (child.interval.low > parent.value) return true;
  if (child.interval.high < parent.value) return false;
  return null;
}

export async function ktoRecordsOfTask(analysis: TaskAnalysis, significance: SignificanceConfig, options: ExportOptions): Promise<{ records: KtoRecord[]; problems: string[] }> {
  const records: KtoRecord[] = [];
  const problems: string[] = [];
  for (const parent of walkTree(analysis.tree.root)) {
    const children = parent.children.filter((child) => child.visits >= significance.minVisits);
    if (children.length < 2) continue;
    for (const child of children) {
      const label = ktoLabel(child, parent);
      if (label === null) continue;
      const step = child.step;
      const built = await firstUsable([...child.runs].sort(byLabelFirst(label)), step, analysis.read, (run) => {
        const own = ownTurn(run, step);
        const messages = own ? promptOfTurn(turnSource(own.owner), step) : null;
        return own && messages && own.owner.header ? { owner: own.owner, header: own.owner.header, messages, assistant: own.turn.assistant } : null;
      });
      if (!built) {
        problems.push(`${analysis.taskId}: no run through ${nodeId(child)} has the turns to rebuild the prompt of step ${step}`);
        continue;
      }
      records.push({
        prompt: toTrainingMessages(built.messages, options.arguments),
        completion: [toTrainingMessage(built.assistant, options.arguments)],
        label,
        ...toolsField(toTrainingTools(built.header.tools), options.tools),
        metadata: {
          task: analysis.taskId, node: nodeId(child), decision_node: nodeId(parent), step, action: nodeLabel(child),
          value: round(child.value), visits: child.visits, interval: [round(child.interval.low), round(child.interval.high)],
          decision_value: round(parent.value), prompt_run: built.owner.ref.runId, tool_format: built.header.toolFormat,
        },
      });
    }
  }
  return { records, problems };
}
