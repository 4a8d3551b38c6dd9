// Exit codes of the crux command, documented in README.md.
export const ExitCode = {
  /** The run finished (and the test command, if given, passed). */
  Ok: 0,
  /** The run ended without finishing: step limit, model error, no tool calls. */
  Failed: 1,
  /** Bad arguments or settings. */
  Usage: 2,
  /** The run finished but the test command failed. */
  TestsFailed: 3,
  /** The run ended, but every edit and command it tried was refused (no terminal to ask,
   * the deny list, a risky command under --auto-approve): nothing it meant to do was done. */
  Refused: 4,
  /** Stopped with Ctrl-C (SIGTERM and SIGHUP give 128 + their number: see interruptedExitCode). */
  Interrupted: 130,
} as const;

/** A mistake in how crux was called: reported as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
