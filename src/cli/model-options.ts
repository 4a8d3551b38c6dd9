// What every command that talks to a model shares: the options naming the server, how they
// resolve against the environment, the stderr log, and Ctrl-C handling.
import type { Command } from 'commander';
import type { Log } from '../host/ports';
import { DEFAULT_IDLE_TIMEOUT_SECONDS, ModelClient } from '../model/client';
import { TOOL_FORMATS, type ToolFormatSetting } from '../model/types';
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
  return { client, baseUrl, ...(apiKey ? { apiKey } : {}) };
}

/** Progress goes to stdout; the log (retries, warnings) to stderr. */
export function stderrLog(): Log {
  return {
    debug: () => {},
    info: (message) => process.stderr.write(`crux: ${message}\n`),
    warn: (message) => process.stderr.write(`crux: warning: ${message}\n`),
    error: (message) => process.stderr.write(`crux: error: ${message}\n`),
  };
}

/** The first Ctrl-C aborts the work cleanly; a second quits at once. Returns the remover. */
export function abortOnInterrupt(controller: AbortController, log: Log, stopping: string): () => void {
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(ExitCode.Interrupted);
    log.info(`${stopping} (press Ctrl-C again to quit at once)`);
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  return () => process.off('SIGINT', onSigint);
}
