// The ports the core needs from its environment. The CLI implements them with Node
// (src/host/node/), the extension with VS Code APIs, tests with temp-dir versions.
// They are passed in through constructors: the core holds no global host.

/** File access for the workspace. Paths given here are absolute and already confined
 * to the workspace by the caller (src/tools/paths.ts): ports do I/O, not policy. */
export interface Workspace {
  /** Absolute, real (symlink-resolved) path of the workspace root. */
  readonly root: string;
  readText(absPath: string): Promise<string>;
  /** Writes the whole file, creating parent folders. In the editor this goes through a
   * WorkspaceEdit so open editors update and undo works. */
  writeText(absPath: string, content: string): Promise<void>;
}

export interface CommandRequest {
  command: string;
  /** Absolute working directory inside the workspace. */
  cwd: string;
  timeoutMs: number;
  /** Output beyond this many characters is dropped from the middle (head and tail kept). */
  maxOutputChars: number;
  signal?: AbortSignal;
  /** Streamed output as it arrives, for live display. */
  onOutput?: (chunk: string) => void;
}

export interface CommandResult {
  /** Combined stdout and stderr, ANSI escapes removed, capped to maxOutputChars. */
  output: string;
  /** null when the process was killed (timeout, abort) before it exited. */
  exitCode: number | null;
  timedOut: boolean;
  aborted: boolean;
  /** True when output was cut to fit maxOutputChars. */
  truncated: boolean;
  durationMs: number;
}

export interface Terminal {
  run(request: CommandRequest): Promise<CommandResult>;
}

/** Risk class of a tool call, recorded in trajectories and used by approval policy. */
export type RiskClass = 'read' | 'edit' | 'execute' | 'destructive';

export interface ApprovalRequest {
  /** The tool call this approval is for, so a UI can show it on that call's card. */
  callId: string;
  tool: string;
  risk: RiskClass;
  /** One line for a prompt, e.g. "Run `npm test`" or "Edit src/a.ts". */
  title: string;
  /** The command, or the unified diff an edit would make. */
  detail: string;
  /** For a command asked about because of its risky classes (tools/command-classes.ts) even
   * though the mode would run it: those classes, so a host that cannot ask can say which
   * setting would allow them. */
  riskyClasses?: readonly string[];
}

export type ApprovalDecision =
  | { kind: 'approve' }
  /** Approve this and every later call of the same risk class in this run. */
  | { kind: 'approve-always' }
  | { kind: 'deny'; reason?: string };

export interface Approvals {
  request(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalDecision>;
}

/** Snapshots of the workspace the user can roll back to. */
export interface Checkpoints {
  /** Takes a snapshot and returns its id. */
  save(label: string): Promise<string>;
  restore(id: string): Promise<void>;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export interface Log {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const systemClock: Clock = { now: () => Date.now() };

export const silentLog: Log = { debug() {}, info() {}, warn() {}, error() {} };
