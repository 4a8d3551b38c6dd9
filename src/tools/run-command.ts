// run_command: runs a shell command in the workspace through the Terminal port (a pty in the
// CLI, a child process as fallback, the editor's own terminal in the extension). The model
// sees the exit code, whether the command was killed, and the head and tail of its output.
import { assessCommand } from './command-risk';
import { resolveInWorkspace } from './paths';
import { fail, guarded } from './results';
import type { Tool, ToolResult } from './types';
import type { CommandResult } from '../host/ports';

export type RunCommandArgs = { command: string; timeout_seconds?: number; cwd?: string };

export const runCommandTool: Tool<RunCommandArgs> = {
  name: 'run_command',
  description:
    'Run a shell command (bash) in the workspace, e.g. "python -m pytest tests/test_x.py -q" or "npm test". ' +
    'Returns the exit code and output. The command cannot read keyboard input; long-running servers will be stopped at the timeout.',
  parameters: {
    type: 'object',
    properties: {
      command: { type: 'string', minLength: 1, description: 'The shell command to run.' },
      timeout_seconds: { type: 'number', exclusiveMinimum: 0, description: 'Stop the command after this many seconds. Optional; default 120.' },
      cwd: { type: 'string', description: 'Folder to run in, relative to the workspace root. Default: the root.' },
    },
    required: ['command'],
    additionalProperties: false,
  },
  risk: (args) => (assessCommand(args.command).risks.length > 0 ? 'destructive' : 'execute'),
  describe: (args) => {
    const reasons = assessCommand(args.command).risks.map((risk) => risk.reason);
    return `Run \`${args.command}\`${args.cwd ? ` in ${args.cwd}` : ''}${reasons.length > 0 ? ` (${reasons.join('; ')})` : ''}`;
  },
  execute: (args, ctx) =>
    guarded(args.cwd ?? '.', async () => {
      const cwd = await resolveInWorkspace(ctx.workspace.root, args.cwd ?? '.');
      const requestedMs = args.timeout_seconds !== undefined ? Math.round(args.timeout_seconds * 1000) : ctx.limits.commandTimeoutMs;
      const timeoutMs = Math.max(1, Math.min(requestedMs, ctx.limits.maxCommandTimeoutMs));
      const result = await ctx.terminal.run({
        command: args.command,
        cwd: cwd.abs,
        timeoutMs,
        maxOutputChars: ctx.limits.maxCommandOutputChars,
        signal: ctx.signal,
        onOutput: ctx.onOutput,
      });
      return observation(result, timeoutMs, requestedMs > timeoutMs);
    }),
};

function observation(result: CommandResult, timeoutMs: number, capped: boolean): ToolResult {
  const seconds = Number((timeoutMs / 1000).toFixed(1));
  let status: string;
  if (result.timedOut) {
    const note = capped ? ` (the longest allowed)` : '';
    status = `Timed out after ${seconds} s${note}; the command and its child processes were stopped.`;
  } else if (result.aborted) {
    status = 'Stopped: the run was cancelled.';
  } else {
    status = `Exit code: ${result.exitCode ?? 'none'}`;
  }
  const output = result.output.trimEnd();
  const cut = result.truncated ? ' (middle cut to fit; start and end kept)' : '';
  const body = output === '' ? '(no output)' : `Output${cut}:\n${output}`;
  const extra = { exitCode: result.exitCode, truncated: result.truncated };
  // A non-zero exit is reported as an error so the UI and loop watch can tell failures
  // apart; the model still gets the full observation either way.
  return result.exitCode === 0 && !result.timedOut && !result.aborted ? { output: `${status}\n${body}`, isError: false, ...extra } : fail(`${status}\n${body}`, extra);
}
