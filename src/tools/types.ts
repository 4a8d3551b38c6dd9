// The contract every tool implements. One tool per file in this folder; the registry
// (registry.ts) validates arguments against `parameters` before `execute` is called.
import type { RiskClass, Terminal, Workspace } from '../host/ports';
import type { JsonSchema } from '../model/types';

export interface ToolLimits {
  /** Lines returned by one read_file call when no range is given. */
  readPageLines: number;
  /** Characters kept from a command's output (head and tail). */
  maxCommandOutputChars: number;
  /** Default and maximum run_command timeout. */
  commandTimeoutMs: number;
  maxCommandTimeoutMs: number;
  /** Matches returned by one search call. */
  maxSearchResults: number;
  /** Entries returned by one list_files call. */
  maxListEntries: number;
}

export const DEFAULT_TOOL_LIMITS: ToolLimits = {
  readPageLines: 400,
  maxCommandOutputChars: 16_000,
  commandTimeoutMs: 120_000,
  maxCommandTimeoutMs: 900_000,
  maxSearchResults: 100,
  maxListEntries: 500,
};

export interface ToolContext {
  workspace: Workspace;
  terminal: Terminal;
  limits: ToolLimits;
  signal: AbortSignal;
  /** Live output of long-running tools (run_command). */
  onOutput?: (chunk: string) => void;
}

/** A file edit a tool made, for events, trajectories and checkpoints. */
export interface FileEdit {
  /** Workspace-relative path with forward slashes. */
  path: string;
  /** Unified diff (made with the `diff` package), empty when content did not change. */
  diff: string;
  /** sha256 of the content before (null: the file did not exist) and after. */
  beforeHash: string | null;
  afterHash: string;
}

export interface ToolResult {
  /** What the model sees as the observation. */
  output: string;
  isError: boolean;
  exitCode?: number | null;
  truncated?: boolean;
  edit?: FileEdit;
  /** Set by `finish`: the run ends with this summary. */
  finish?: { summary: string };
  /** The whole text `output` shows part of (read_file: the file), so secrets that span
   * pages or ranges are found before a page is recorded. Not shown to the model. */
  sourceText?: string;
}

export interface Tool<Args = Record<string, unknown>> {
  name: string;
  description: string;
  /** JSON Schema of the arguments object. */
  parameters: JsonSchema;
  /** Never changes anything, whatever its arguments (offered in ask mode). Built-in read
   * tools are known by name; MCP tools say so with the readOnlyHint annotation. */
  readOnly?: boolean;
  /** Set for a tool an MCP server provides: its approval follows the MCP rules (ask unless the
   * server or tool is allowed), and its schema, written elsewhere, is checked leniently. */
  mcp?: { server: string; tool: string };
  /** Risk class of a call, for approvals and trajectories. */
  risk(args: Args): RiskClass;
  /** A one-line summary for approval prompts and UI cards. */
  describe(args: Args): string;
  execute(args: Args, ctx: ToolContext): Promise<ToolResult>;
  /** What the call would change, without changing anything (an edit's unified diff), so a
   * person approving it sees the change itself; null when it cannot be worked out. */
  preview?(args: Args, ctx: Pick<ToolContext, 'workspace'>): Promise<string | null>;
}
