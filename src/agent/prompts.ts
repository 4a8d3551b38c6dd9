// The prompts the agent sends. Kept short and concrete: local models follow a few clear
// rules better than a long policy.

export interface SystemPromptInput {
  workspaceRoot: string;
  /** Tool-calling instructions for text formats; empty for native tool calls. */
  toolFormatInstructions: string;
  /** A test command the user configured, mentioned so the model can verify its fix. */
  testCommand?: string;
  /** How to work in the run's mode (modePolicy(mode).instructions). */
  modeInstructions: readonly string[];
  /** The project's rules section (rulesSection), empty when there are none. */
  projectRules?: string;
}

export function systemPrompt(input: SystemPromptInput): string {
  const lines = [
    'You are Crux, a careful software engineer working in a code repository.',
    `The repository is at ${input.workspaceRoot}. All paths you give to tools are relative to it.`,
    '',
    ...input.modeInstructions,
  ];
  if (input.testCommand) lines.push(`- The tests for this task run with: ${input.testCommand}`);
  if (input.toolFormatInstructions) lines.push('', input.toolFormatInstructions);
  if (input.projectRules) lines.push('', input.projectRules);
  return lines.join('\n');
}

export function taskMessage(task: string): string {
  return `Task:\n${task.trim()}`;
}

/** The user's message that continues an ended run. */
export function followUpMessage(text: string, modeNote?: string): string {
  return modeNote ? `${modeNote}\n\n${text.trim()}` : text.trim();
}

/** Sent when the model replied without calling any tool. */
export function noToolCallReminder(finishToolName: string): string {
  return (
    'Your reply did not contain a tool call, so nothing happened. ' +
    `Continue the task by calling a tool. If the task is complete, call ${finishToolName} with a summary.`
  );
}

/** The observation for a call the user or the settings refused. */
export function deniedObservation(title: string, reason: string | undefined): string {
  const why = reason ? ` Reason: ${reason}.` : '';
  return `The user did not allow this action (${title}).${why} Do not retry it unchanged; choose another approach or call finish.`;
}

/** The observation for a call that could not run because it was invalid. */
export function invalidCallObservation(reason: string): string {
  return `Invalid tool call. ${reason}\nFix the call and try again.`;
}
