// Approvals for the CLI: asked on the terminal when there is one. Without a terminal
// nobody can answer, so calls that need approval are denied with a reason that tells the
// user about --auto-approve (the model sees the denial and can finish or adapt).
import { createInterface } from 'node:readline/promises';
import type { ApprovalDecision, ApprovalRequest, Approvals } from '../host/ports';

export class TerminalApprovals implements Approvals {
  constructor(
    private readonly input: NodeJS.ReadableStream,
    private readonly output: NodeJS.WritableStream,
  ) {}

  async request(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalDecision> {
    const rl = createInterface({ input: this.input, output: this.output, terminal: true });
    try {
      const classes = request.riskyClasses ?? [];
      const kind = classes.length > 0 ? `${request.risk}: ${classes.join(', ')}` : request.risk;
      this.output.write(`\n${request.title} [${kind}]\n${request.detail}\n`);
      // For a risky command, "always" covers its classes for this run, not every command.
      const always = classes.length > 0 ? `[a]lways for ${classes.join(', ')} in this run` : '[a]lways for this kind';
      for (;;) {
        const answer = (await rl.question(`Allow? [y]es / [n]o / ${always}: `, { signal })).trim().toLowerCase();
        if (answer === 'y' || answer === 'yes') return { kind: 'approve' };
        if (answer === 'a' || answer === 'always') return { kind: 'approve-always' };
        if (answer === 'n' || answer === 'no') return { kind: 'deny', reason: 'the user said no' };
      }
    } catch (error) {
      if (signal.aborted) return { kind: 'deny', reason: 'the run was stopped' };
      throw error;
    } finally {
      rl.close();
    }
  }
}

export class NoTerminalApprovals implements Approvals {
  async request(request: ApprovalRequest): Promise<ApprovalDecision> {
    if (request.tool.startsWith('mcp__')) {
      return { kind: 'deny', reason: 'no one can approve it here (no terminal); rerun crux with --mcp-allow SERVER[/TOOL] to allow MCP tools' };
    }
    return { kind: 'deny', reason: noOneToAsk(request) };
  }
}

/** Why a call was refused where nobody can answer: read by the model (in its observation) and
 * by the user (in the progress output), so it names the setting that would allow it. */
export function noOneToAsk(request: Pick<ApprovalRequest, 'riskyClasses'>): string {
  const classes = request.riskyClasses ?? [];
  if (classes.length === 0) return 'no one can approve it here (no terminal); rerun crux with --auto-approve to allow edits and commands';
  const flags = classes.map((name) => `--allow-risky ${name}`).join(' ');
  return `Crux asks before risky commands (${classes.join(', ')}) even with --auto-approve, and no one can approve it here (no terminal); ` +
    `the user can allow this class with ${flags}`;
}
