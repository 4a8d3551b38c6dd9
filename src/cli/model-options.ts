// What every command that talks to a model shares: the options naming the server, how they
// resolve against the environment, the stderr log, and Ctrl-C handling.
import { constants as osConstants } from 'node:os';
import type { Command } from 'commander';
import type { Log } from '../host/ports';
import { DEFAULT_IDLE_TIMEOUT_SECONDS, ModelClient } from '../model/client';
import { TOOL_FORMATS, type ToolFormatSetting } from '../model/types';
import { redactUrlCredentials } from '../model/url-credentials';
import { ExitCode } from './exit-codes';
import { numberOption, oneOf } from './options';

export const DEFAULT_MODEL_URL = 'http://127.0.0.1:8000/v1';

export interface ModelOptions {
  modelUrl?: string;
  model?: string;
  apiKey?: string;
  toolFormat: ToolFormatSetting;
  /** Seconds a model stream may stay silent (--idle-timeout). */
  idleTimeout: number;
}

export function addModelOptions(command: Command): Command {
  return command
    .option('--model-url <url>', `OpenAI-compatible base URL (default: $CRUX_MODEL_URL or ${DEFAULT_MODEL_URL})`)
    .option('-m, --model <name>', "model name (default: the server's only model)")
    .option('--api-key <key>', 'API key, if the server wants one (default: $CRUX_API_KEY)')
    .option('--tool-format <format>', `how tool calls are written: ${TOOL_FORMATS.join('|')}`, parseToolFormat, 'auto')
    .option(
      '--idle-timeout <sec>',
      'give up on a model request that sends nothing for this long (prompt processing on a CPU can take minutes)',
      numberOption('--idle-timeout', 0.001, 86_400),
      DEFAULT_IDLE_TIMEOUT_SECONDS,
    );
}

export const parseToolFormat: (value: string) => ToolFormatSetting = oneOf(TOOL_FORMATS);

/** The client for the options; an empty environment variable counts as unset. */
export function modelClient(options: ModelOptions, log: Log): { client: ModelClient; baseUrl: string; apiKey?: string } {
  const baseUrl = options.modelUrl ?? (process.env.CRUX_MODEL_URL || DEFAULT_MODEL_URL);
  const apiKey = options.apiKey ?? (process.env.CRUX_API_KEY || undefined);
  const idleTimeoutMs = Math.round((options.idleTimeout ?? DEFAULT_IDLE_TIMEOUT_SECONDS) * 1000);
  const client = new ModelClient({ baseUrl, ...(apiKey ? { apiKey } : {}), log, idleTimeoutMs });
  // The client's URL: without the credentials the URL may hold, so it can be printed.
  return { client, baseUrl: client.baseUrl, ...(apiKey ? { apiKey } : {}) };
}

/** Progress goes to stdout; the log (retries, warnings) to stderr. */
export function stderrLog(): Log {
  // A message quoting a URL with a password (from a library, not our own) never shows it.
  const write = (line: string) => process.stderr.write(`${redactUrlCredentials(line)}\n`);
  return {
    debug: () => {},
    info: (message) => write(`crux: ${message}`),
    warn: (message) => write(`crux: warning: ${message}`),
    error: (message) => write(`crux: error: ${message}`),
  };
}

/** Signals that stop a run the way Ctrl-C does: a closed terminal (SIGHUP) and a polite kill
 * (SIGTERM, what timeout, systemd and CI runners send) record the run as aborted too. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const stoppedBy = new WeakMap<AbortController, NodeJS.Signals>();

/** The first signal aborts the work cleanly; a second quits at once. Returns the remover. */
export function abortOnInterrupt(controller: AbortController, log: Log, stopping: string): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(interruptedExitCode(controller));
    stoppedBy.set(controller, signal);
    log.info(signal === 'SIGINT' ? `${stopping} (press Ctrl-C again to quit at once)` : `${stopping} (${signal})`);
    controller.abort();
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  return () => {
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
  };
}

/** The shell's convention for a process ended by a signal: 128 + its number (130 for Ctrl-C,
 * 143 for SIGTERM, 129 for SIGHUP). */
export function interruptedExitCode(controller: AbortController): number {
  const signal = stoppedBy.get(controller);
  return signal ? 128 + osConstants.signals[signal] : ExitCode.Interrupted;
}
