// SFT records: the successful kept runs as whole chat transcripts, SEAlign's first training
// stage. One record per run: {"messages": [...], "tools": [...], "metadata": {...}}, the
// conversational language-modeling format of TRL's SFTTrainer. The transcript is the
// conversation as it grew (every turn's new messages and assistant message), not the shortened
// context a turn may have been sent; it ends with the run's last assistant message.
import { toTrainingMessages, toTrainingTools, transcriptOf, type TrainingMessage, type TrainingTool } from './messages';
import { toolsField, type ExportOptions } from './pairs';
import { turnSource, type TaskRun } from './task-runs';

export interface SftMetadata {
  task: string;
  run: string;
  steps: number;
  agent: string;
  model: string;
  tool_format: string | null;
  file: string;
}

export interface SftRecord {
  messages: TrainingMessage[];
  tools?: TrainingTool[] | string;
  metadata: SftMetadata;
}

/** Whether a run goes into the SFT set: kept by the filters and labelled a success. */
export function isSftRun(run: TaskRun): boolean {
  return run.excluded === null && run.resolved === true;
}

/** The record of a run (hydrated, with its ancestors), or null when its transcript cannot be
 * rebuilt (a missing turn). */
export function sftRecordOf(run: TaskRun, options: ExportOptions): SftRecord | null {
  const messages = transcriptOf(turnSource(run));
  const header = run.header;
  if (!header || !messages || !messages.some((message) => message.role === 'assistant')) return null;
  // Error masking (as KAT-Coder and SWE-Lego train): the assistant message of a step whose tool
  // call failed stays in the context with weight 0, so it is not learned; the others weigh 1.
  // The k-th assistant message of a transcript is step k (its owner: a branch's prefix is its
  // parent's).
  let step = 0;
  const weighted = toTrainingMessages(messages, options.arguments).map((message) => {
    if (message.role !== 'assistant') return message;
    step++;
    const owner = run.owners[step - 1] ?? run;
    return { ...message, weight: owner.failedSteps.includes(step) ? 0 as const : 1 as const };
  });
  return {
    messages: weighted,
    ...toolsField(toTrainingTools(header.tools), options.tools),
    metadata: {
      task: run.ref.taskId,
      run: run.ref.runId,
      steps: run.path.length,
      agent: header.source.agent,
      model: header.model.name,
      tool_format: header.toolFormat,
      file: run.ref.file,
    },
  };
}
