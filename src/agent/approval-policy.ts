// Decides, from the user's settings alone, whether a tool call may run without asking.
// The agent asks the Approvals port only when this says 'ask'.
import type { RiskClass } from '../host/ports';

/** ask: every call is confirmed; auto-reads: reads run freely, edits and commands are
 * confirmed; auto-all: everything runs unless the deny list matches. */
export type ApprovalMode = 'ask' | 'auto-reads' | 'auto-all';
export const APPROVAL_MODES: readonly ApprovalMode[] = ['ask', 'auto-reads', 'auto-all'];

export interface ApprovalSettings {
  mode: ApprovalMode;
  /** Commands that run without asking. An entry is a command prefix matched on word
   * boundaries ("npm test" allows "npm test -- --grep x" but not "npm testx"), or a
   * regular expression written as /.../. A compound command (&&, ||, ;, |) is allowed
   * only when every part is. */
  allowCommands: string[];
  /** Commands that never run, even under auto-all. Same syntax; a compound command is
   * denied when any part matches. */
  denyCommands: string[];
  /** MCP tools that run without asking: "server" or "server/*" (every tool of a server) or
   * "server/tool". Every other MCP tool asks, whatever it says about itself, unless the mode
   * is auto-all. */
  allowMcpTools?: string[];
}

export const DEFAULT_APPROVAL_SETTINGS: ApprovalSettings = {
  mode: 'auto-reads',
  allowCommands: [],
  denyCommands: [],
};

export type PolicyDecision = { kind: 'allow' } | { kind: 'ask' } | { kind: 'deny'; reason: string };

export interface PolicyQuery {
  risk: RiskClass;
  /** The shell command, for run_command calls. */
  command?: string;
  /** Set for a call of an MCP tool. */
  mcp?: { server: string; tool: string };
}

export class ApprovalPolicy {
  /** Risk classes the user approved "always" during this run. */
  private readonly alwaysApproved = new Set<RiskClass>();
  /** MCP tools ("server/tool") the user approved "always" during this run. */
  private readonly alwaysApprovedMcp = new Set<string>();
  private readonly allow: CommandMatcher[];
  private readonly deny: CommandMatcher[];

  constructor(private readonly settings: ApprovalSettings) {
    this.allow = settings.allowCommands.map(parseCommandPattern);
    this.deny = settings.denyCommands.map(parseCommandPattern);
  }

  decide(query: PolicyQuery): PolicyDecision {
    if (query.mcp) return this.decideMcp(query.mcp);
    if (query.command !== undefined) {
      const parts = splitCompoundCommand(query.command);
      const denied = parts.find((part) => this.deny.some((matcher) => matcher.matches(part)));
      if (denied !== undefined) {
        return { kind: 'deny', reason: `the command "${denied}" is on the deny list in Crux's settings` };
      }
      if (parts.length > 0 && parts.every((part) => this.allow.some((matcher) => matcher.matches(part)))) {
        return { kind: 'allow' };
      }
    }
    if (this.alwaysApproved.has(query.risk)) return { kind: 'allow' };
    switch (this.settings.mode) {
      case 'auto-all':
        return { kind: 'allow' };
      case 'auto-reads':
        return query.risk === 'read' ? { kind: 'allow' } : { kind: 'ask' };
      case 'ask':
        return { kind: 'ask' };
    }
  }

  /** Remembers an "always allow this kind" answer for the rest of the run; for an MCP tool,
   * "always allow this tool". */
  approveAlways(risk: RiskClass, mcp?: { server: string; tool: string }): void {
    if (mcp) this.alwaysApprovedMcp.add(`${mcp.server}/${mcp.tool}`);
    else this.alwaysApproved.add(risk);
  }

  /** An MCP tool's own annotations (readOnlyHint) come from the server and are not trusted: it
   * asks unless the user allowed the server or the tool. */
  private decideMcp(mcp: { server: string; tool: string }): PolicyDecision {
    const id = `${mcp.server}/${mcp.tool}`;
    const allowed = (this.settings.allowMcpTools ?? []).some((pattern) =>
      pattern === id || pattern === mcp.server || pattern === `${mcp.server}/*`);
    if (allowed || this.alwaysApprovedMcp.has(id) || this.settings.mode === 'auto-all') return { kind: 'allow' };
    return { kind: 'ask' };
  }
}

interface CommandMatcher {
  matches(command: string): boolean;
}

function parseCommandPattern(pattern: string): CommandMatcher {
  const regex = /^\/(.+)\/([a-z]*)$/.exec(pattern);
  if (regex) {
    const compiled = new RegExp(regex[1] ?? '', regex[2]);
    return { matches: (command) => compiled.test(command) };
  }
  const prefix = normaliseSpaces(pattern);
  return {
    matches: (command) => {
      const normalised = normaliseSpaces(command);
      return normalised === prefix || normalised.startsWith(`${prefix} `);
    },
  };
}

/** Splits on shell control operators outside quotes. Approximate by design: it errs on
 * the side of more parts, which can only make the allow list stricter. */
export function splitCompoundCommand(command: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i] as string;
    if (quote) {
      if (ch === quote) quote = null;
      current += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
      continue;
    }
    if (ch === ';' || ch === '|' || ch === '&' || ch === '\n' || (ch === '$' && command[i + 1] === '(') || ch === '`') {
      parts.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  parts.push(current);
  // Subshell and group brackets are not part of the command a pattern names.
  return parts
    .map((part) => normaliseSpaces(part.replace(/^[\s({]+/, '').replace(/[\s)}]+$/, '')))
    .filter((part) => part.length > 0);
}

function normaliseSpaces(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}
