// Decides, from the user's settings alone, whether a tool call may run without asking.
// The agent asks the Approvals port only when this says 'ask'.
import type { RiskClass } from '../host/ports';
import type { RiskyCommandClass } from '../tools/command-classes';
import { parseCommand, type ParsedCommand } from '../tools/command-parse';
import { assessCommand, type CommandRisk } from '../tools/command-risk';

/** ask: every call is confirmed; auto-reads: reads run freely, edits and commands are
 * confirmed; auto-all: everything runs unless the deny list matches or a command is of a
 * risky class the user did not allow (those are asked about in every mode). */
export type ApprovalMode = 'ask' | 'auto-reads' | 'auto-all';
export const APPROVAL_MODES: readonly ApprovalMode[] = ['ask', 'auto-reads', 'auto-all'];

export interface ApprovalSettings {
  mode: ApprovalMode;
  /** Commands that run without asking. An entry is a command prefix matched on the parsed
   * words ("npm test" allows "npm test -- --grep x" but not "npm testx" or "npm  tes't'x"), or
   * a regular expression written as /.../. Only a single plain command matches: chaining,
   * pipes, substitutions, process substitutions and redirections (other than `2>&1` and
   * /dev/null) are asked about, as is any command of a risky class. */
  allowCommands: string[];
  /** Commands that never run, even under auto-all. Same syntax; matched on every command the
   * line would run (inside substitutions, `sh -c`, `eval`, after sudo/env/xargs) and, for
   * regular expressions, on the text as written and as the shell reads it. */
  denyCommands: string[];
  /** Risky classes (tools/command-classes.ts) the user lets run without asking under
   * auto-all. Absent or empty: every risky command is asked about, in every mode. */
  allowRiskyCommands?: readonly RiskyCommandClass[];
  /** MCP tools that run without asking: "server" or "server/*" (every tool of a server) or
   * "server/tool". Every other MCP tool asks, whatever it says about itself, unless the mode
   * is auto-all. */
  allowMcpTools?: string[];
}

export const DEFAULT_APPROVAL_SETTINGS: ApprovalSettings = {
  mode: 'auto-reads',
  allowCommands: [],
  denyCommands: [],
  allowRiskyCommands: [],
};

export type PolicyDecision =
  | { kind: 'allow' }
  /** risky: the classes that made a command ask although the mode would have run it. */
  | { kind: 'ask'; risky?: CommandRisk[] }
  | { kind: 'deny'; reason: string };

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
  /** Risky command classes allowed by settings, or by an "always" answer during this run. */
  private readonly riskyAllowed: Set<RiskyCommandClass>;
  /** MCP tools ("server/tool") the user approved "always" during this run. */
  private readonly alwaysApprovedMcp = new Set<string>();
  private readonly allow: CommandMatcher[];
  private readonly deny: CommandMatcher[];

  constructor(private readonly settings: ApprovalSettings) {
    this.allow = settings.allowCommands.map(parseCommandPattern);
    this.deny = settings.denyCommands.map(parseCommandPattern);
    this.riskyAllowed = new Set(settings.allowRiskyCommands ?? []);
  }

  decide(query: PolicyQuery): PolicyDecision {
    if (query.mcp) return this.decideMcp(query.mcp);
    if (query.command === undefined) return this.byMode(query.risk);
    const assessment = assessCommand(query.command);
    const denied = this.deniedBy(query.command, assessment.parsed);
    if (denied !== undefined) {
      return { kind: 'deny', reason: `the command "${denied}" is on the deny list in Crux's settings` };
    }
    const risky = assessment.risks.filter((risk) => !this.riskyAllowed.has(risk.riskClass));
    if (risky.length > 0) return { kind: 'ask', risky };
    const plain = assessment.parsed.compound === undefined;
    if (plain && this.allow.some((matcher) => matcher.matches(assessment.parsed.commands[0]?.words ?? [], query.command ?? ''))) {
      return { kind: 'allow' };
    }
    return this.byMode(query.risk === 'destructive' && assessment.risks.length > 0 ? 'execute' : query.risk);
  }

  /** Remembers an "always allow this kind" answer for the rest of the run. For a risky
   * command that is its classes, so one "always" for `rm -rf build` does not also allow
   * `curl ... | sh`. */
  approveAlways(risk: RiskClass, risky?: readonly CommandRisk[], mcp?: { server: string; tool: string }): void {
    if (mcp) {
      this.alwaysApprovedMcp.add(`${mcp.server}/${mcp.tool}`);
      return;
    }
    if (risky && risky.length > 0) {
      for (const item of risky) this.riskyAllowed.add(item.riskClass);
      return;
    }
    this.alwaysApproved.add(risk);
  }

  private byMode(risk: RiskClass): PolicyDecision {
    if (this.alwaysApproved.has(risk)) return { kind: 'allow' };
    switch (this.settings.mode) {
      case 'auto-all':
        return { kind: 'allow' };
      case 'auto-reads':
        return risk === 'read' ? { kind: 'allow' } : { kind: 'ask' };
      case 'ask':
        return { kind: 'ask' };
    }
  }

  /** The first part of the command a deny entry names, or undefined. */
  private deniedBy(command: string, parsed: ParsedCommand): string | undefined {
    if (this.deny.length === 0) return undefined;
    for (const simple of parsed.commands) {
      for (const words of [simple.words, simple.argv, [simple.name, ...simple.argv.slice(1)]]) {
        const text = words.join(' ');
        if (words.length > 0 && this.deny.some((matcher) => matcher.matches(words, text))) return simple.argv.join(' ') || text;
      }
    }
    // Regular expressions also see the line as written and as the shell reads it.
    for (const text of [command, parsed.normalized, ...splitCompoundCommand(command)]) {
      if (this.deny.some((matcher) => matcher.regex && matcher.matches([], text))) return text.trim();
    }
    return undefined;
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
  regex: boolean;
  /** words: the parsed words of one command; text: a command line as text. */
  matches(words: readonly string[], text: string): boolean;
}

function parseCommandPattern(pattern: string): CommandMatcher {
  const regex = /^\/(.+)\/([a-z]*)$/.exec(pattern);
  if (regex) {
    const compiled = new RegExp(regex[1] ?? '', regex[2]);
    return { regex: true, matches: (_words, text) => compiled.test(text) };
  }
  const prefix = parseCommand(pattern).commands[0]?.words ?? [];
  return {
    regex: false,
    matches: (words) => prefix.length > 0 && prefix.length <= words.length && prefix.every((word, index) => words[index] === word),
  };
}

/** Splits on shell control operators outside quotes. Approximate by design: it errs on
 * the side of more parts; used only to give deny-list regular expressions more to match. */
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
