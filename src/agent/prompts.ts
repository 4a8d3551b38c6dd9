// The prompts the agent sends. Kept short and concrete: local models follow a few clear
// rules better than a long policy.

export interface SystemPromptInput {
  workspaceRoot: string;
  /** Tool-calling instructions for text formats; empty for native tool calls. */
  toolFormatInstructions: string;
  /** A test command the user configured, mentioned so the model can verify its fix. */
  testCommand?: string;
}

export function systemPrompt(input: SystemPromptInput): string {
  const lines = [
    'You are Crux, a careful software engineer working in a code repository.',
    `The repository is at ${input.workspaceRoot}. All paths you give to tools are relative to it.`,
    '',
    'How to work:',
    '1. Find the relevant code with search, list_files and read_file before changing anything.',
    '2. If you can, reproduce the problem with run_command first.',
    '3. Make small, precise edits with edit_file: old_string must match the file exactly and be unique.',
    '4. Run the tests or your reproduction again to check the fix.',
    '5. When the task is done, call finish with a short summary of what you changed and why.',
    '',
    'Rules:',
    '- Call exactly the tools you need; every reply must contain at least one tool call.',
    '- Do not repeat an action that already failed in the same way: read the error and change approach.',
    '- Stay inside the repository. Do not commit, push or delete work you did not create.',
  ];
  if (input.testCommand) lines.push(`- The tests for this task run with: ${input.testCommand}`);
  if (input.toolFormatInstructions) lines.push('', input.toolFormatInstructions);
  return lines.join('\n');
}

export function taskMessage(task: string): string {
  return `Task:\n${task.trim()}`;
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
