// Deciding 'auto' tool format: native when the server takes `tools` for this model, hermes text
// otherwise. A refusal is recognised by what the server says, not by its status code alone:
// vLLM answers 400 '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser
// to be set', Ollama 400 '… does not support tools', llama.cpp without --jinja 500 'tools param
// requires --jinja flag'. Any other failure (unknown model, server down) is thrown, not guessed
// around, since falling back to text would hide the real problem.
import type OpenAI from 'openai';
import type { Log } from '../host/ports';
import { deadline } from './deadline';
import { ModelError, toModelError } from './errors';
import { buildToolProbeBody } from './request-body';
import { withRetries, type RetryPolicy } from './retry';
import type { ToolFormat } from './types';

export interface ToolProbeContext {
  sdk: OpenAI;
  url: string;
  policy: RetryPolicy;
  timeoutMs: number;
  log: Log;
  signal?: AbortSignal;
}

export function rejectsTools(error: ModelError): boolean {
  if (error.kind !== 'http' || error.status === undefined || error.status < 400) return false;
  return /tool/i.test(error.serverMessage ?? '');
}

export async function detectToolFormat(model: string, context: ToolProbeContext): Promise<ToolFormat> {
  const { sdk, url, signal } = context;
  try {
    await withRetries(
      async () => {
        const attempt = deadline(context.timeoutMs, signal);
        try {
          await sdk.chat.completions.create(buildToolProbeBody(model), {
            signal: attempt.signal,
            maxRetries: 0,
            timeout: context.timeoutMs,
          });
        } catch (error) {
          throw toModelError(error, {
            url,
            abortCause: attempt.cause(),
            idleTimeoutMs: context.timeoutMs,
            tokensArrived: false,
          });
        } finally {
          attempt.clear();
        }
      },
      context.policy,
      {
        what: 'Tool-calling probe',
        url,
        log: context.log,
        ...(signal ? { signal } : {}),
        canRetry: (error) => error.retryable && !rejectsTools(error),
      },
    );
    context.log.info(`The model server at ${url} takes native tool calls for ${model}.`);
    return 'native';
  } catch (error) {
    if (!(error instanceof ModelError) || !rejectsTools(error)) throw error;
    context.log.info(
      `The model server at ${url} does not take native tool calls for ${model} (${error.serverMessage}); ` +
        'using hermes text tool calls instead.',
    );
    return 'hermes';
  }
}
