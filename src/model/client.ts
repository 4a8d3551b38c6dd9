// The model client: one streamed turn at a time against an OpenAI-compatible local server, with
// bounded retries, server recognition and tool-format detection. The `openai` SDK builds and
// sends requests and maps HTTP failures; the stream itself is decoded here (turn-stream.ts),
// which is both faster than the SDK's iterator and the only way to tell a finished stream from
// a cut one.
import OpenAI from 'openai';
import { silentLog, type Log } from '../host/ports';
import { deadline } from './deadline';
import { toModelError, type AbortCause } from './errors';
import { normalizingFetch } from './normalizing-fetch';
import { buildTurnBody } from './request-body';
import { withRetries, type RetryPolicy } from './retry';
import { learnServerFacts, type ServerFacts } from './server-facts';
import { kindFromListing, kindFromSideEndpoints, readModelListing, serverRoot } from './server-kind';
import { detectToolFormat } from './tool-format-probe';
import { TurnAccumulator } from './turn-accumulator';
import { readTurnStream } from './turn-stream';
import { splitUrlCredentials } from './url-credentials';
import type { ModelTurnRequest, ModelTurnResult, ServerInfo, ServerKind, ToolFormat, ToolFormatSetting } from './types';

export { ModelError, type ModelErrorKind } from './errors';

export interface ModelClientOptions {
  /** e.g. http://127.0.0.1:8000/v1 */
  baseUrl: string;
  /** Sent as a Bearer token; servers started without a key accept anything. */
  apiKey?: string;
  /** Attempts after the first one for transient failures (default 4). */
  maxRetries?: number;
  /** First backoff delay; doubles per retry with jitter, capped (default 500 ms). */
  retryBaseMs?: number;
  /** The longest the client waits without receiving anything, for the answer to start or
   * between stream reads (default 10 minutes: long prompts on CPU take a while to prefill).
   * A timeout is not retried: a server that went silent once will likely do so again. */
  idleTimeoutMs?: number;
  /** The most characters one reply may stream before the turn is stopped (default 1,000,000). */
  maxReplyChars?: number;
  log?: Log;
}

const DEFAULT_MAX_RETRIES = 4;
const DEFAULT_RETRY_BASE_MS = 500;
export const DEFAULT_IDLE_TIMEOUT_SECONDS = 600;
export const DEFAULT_MAX_REPLY_CHARS = 1_000_000;
/** setTimeout's ceiling; larger values would fire at once. */
const MAX_TIMER_MS = 2_147_483_647;
const MODEL_LIST_TIMEOUT_MS = 15_000;
const SIDE_PROBE_TIMEOUT_MS = 2_000;
/** Placeholder key: without one the SDK would read OPENAI_API_KEY from the environment and
 * send a real OpenAI key to a local server. */
const LOCAL_API_KEY = 'crux-local';

export class ModelClient {
  readonly baseUrl: string;
  private readonly sdk: OpenAI;
  private readonly log: Log;
  private readonly retryPolicy: RetryPolicy;
  private readonly idleTimeoutMs: number;
  private readonly maxReplyChars: number;
  private readonly apiKey: string | undefined;
  /** Basic credentials taken from the model URL, sent when there is no API key. */
  private readonly urlAuthorization: string | undefined;
  private readonly toolFormats = new Map<string, ToolFormat>();
  /** Models whose chat template opens the think block in the prompt (see ThinkSplitter). */
  private readonly thinkOpenedByTemplate = new Map<string, boolean>();

  constructor(options: ModelClientOptions) {
    // Credentials in the URL become a header; the URL shown and recorded has none.
    const { url, authorization } = splitUrlCredentials(options.baseUrl);
    this.baseUrl = url.replace(/\/+$/, '');
    this.urlAuthorization = options.apiKey ? undefined : authorization;
    if (authorization && options.apiKey) (options.log ?? silentLog).warn(`the model URL's user name and password are not sent: the API key is (${this.baseUrl})`);
    this.log = options.log ?? silentLog;
    this.apiKey = options.apiKey;
    const baseMs = Math.max(1, options.retryBaseMs ?? DEFAULT_RETRY_BASE_MS);
    this.retryPolicy = {
      maxRetries: Math.max(0, options.maxRetries ?? DEFAULT_MAX_RETRIES),
      baseMs,
      capMs: Math.max(baseMs, 10_000),
    };
    this.idleTimeoutMs = Math.min(MAX_TIMER_MS - 1000, Math.max(1, options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_SECONDS * 1000));
    this.maxReplyChars = Math.max(1, options.maxReplyChars ?? DEFAULT_MAX_REPLY_CHARS);
    this.sdk = new OpenAI({
      baseURL: this.baseUrl,
      apiKey: options.apiKey ?? LOCAL_API_KEY,
      // Explicit nulls so OPENAI_ORG_ID / OPENAI_PROJECT_ID from the environment are not sent.
      organization: null,
      project: null,
      maxRetries: 0,
      timeout: this.idleTimeoutMs,
      fetch: normalizingFetch,
      logLevel: 'off',
      ...(this.urlAuthorization ? { defaultHeaders: { authorization: this.urlAuthorization } } : {}),
    });
  }

  /** GET {baseUrl}/models, then (only if the list does not say) a few cheap side endpoints. */
  async probe(signal?: AbortSignal): Promise<ServerInfo> {
    const timeoutMs = Math.min(this.idleTimeoutMs, MODEL_LIST_TIMEOUT_MS);
    const { data, response } = await withRetries(
      async () => {
        const attempt = deadline(timeoutMs, signal);
        try {
          return await this.sdk
            .get<unknown>('/models', { signal: attempt.signal, maxRetries: 0, timeout: timeoutMs })
            .withResponse();
        } catch (error) {
          throw toModelError(error, this.errorContext(attempt.cause(), false, timeoutMs));
        } finally {
          attempt.clear();
        }
      },
      this.retryPolicy,
      { what: 'Model list', url: this.baseUrl, log: this.log, ...(signal ? { signal } : {}) },
    );
    const listing = readModelListing(data);
    let kind = kindFromListing(listing, response.headers.get('server'));
    if (kind === 'unknown') {
      const authorization = this.apiKey ? `Bearer ${this.apiKey}` : this.urlAuthorization;
      const headers: Record<string, string> = authorization ? { authorization } : {};
      kind = await kindFromSideEndpoints(serverRoot(this.baseUrl), {
        headers,
        timeoutMs: SIDE_PROBE_TIMEOUT_MS,
        ...(signal ? { signal } : {}),
      });
    }
    this.log.debug(`Model server at ${this.baseUrl}: ${kind}, models ${listing.ids.join(', ') || '(none)'}.`);
    return { baseUrl: this.baseUrl, kind, models: listing.ids };
  }

  /** What the server says about serving this model (context window, template, reply cap). */
  async learnFacts(kind: ServerKind, model: string, signal?: AbortSignal): Promise<ServerFacts> {
    const headers: Record<string, string> = this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {};
    const facts = await learnServerFacts(kind, serverRoot(this.baseUrl), model, {
      headers,
      timeoutMs: Math.min(this.idleTimeoutMs, MODEL_LIST_TIMEOUT_MS),
      ...(signal ? { signal } : {}),
    });
    this.log.debug(`Model server at ${this.baseUrl} reports for ${model}: ${JSON.stringify(facts)}`);
    return facts;
  }

  /** Resolves 'auto' by a one-token probe request (cached per model); concrete settings pass
   * through. A template known to leave tools out of the prompt means text calls without a probe:
   * the server would accept `tools` and the model would never see them. */
  async resolveToolFormat(setting: ToolFormatSetting, model: string, signal?: AbortSignal, facts?: ServerFacts): Promise<ToolFormat> {
    if (setting !== 'auto') return setting;
    const known = this.toolFormats.get(model);
    if (known) return known;
    if (facts?.templateTools === false) {
      this.log.info(
        `The chat template of ${model} at ${this.baseUrl} cannot carry tools (the server says so), so native tool calls ` +
          'would be invisible to the model; using hermes text tool calls instead.',
      );
      this.toolFormats.set(model, 'hermes');
      return 'hermes';
    }
    const format = await detectToolFormat(model, {
      sdk: this.sdk,
      url: this.baseUrl,
      policy: this.retryPolicy,
      timeoutMs: this.idleTimeoutMs,
      log: this.log,
      ...(signal ? { signal } : {}),
    });
    this.toolFormats.set(model, format);
    return format;
  }

  /** One streamed model turn. Messages are canonical (see wire.ts) and converted for the wire
   * here; for text formats the system prompt must already hold toolFormatInstructions(). */
  async turn(request: ModelTurnRequest): Promise<ModelTurnResult> {
    const startedAt = performance.now();
    const body = buildTurnBody(request);
    const outcome = await withRetries(() => this.attemptTurn(request, body), this.retryPolicy, {
      what: 'Chat turn',
      url: this.baseUrl,
      log: this.log,
      ...(request.signal ? { signal: request.signal } : {}),
    });
    const { accumulator, result } = outcome;
    if (result.thinkOpenTagMissing !== undefined) {
      this.thinkOpenedByTemplate.set(request.model, result.thinkOpenTagMissing);
    }
    const turnResult: ModelTurnResult = {
      content: result.content,
      reasoning: result.reasoning,
      toolCalls: result.toolCalls,
      rawContent: result.rawContent,
      finishReason: result.finishReason,
      latencyMs: Math.round(performance.now() - startedAt),
    };
    if (result.usage) turnResult.usage = result.usage;
    if (accumulator.firstTokenAt !== undefined) turnResult.firstTokenMs = Math.round(accumulator.firstTokenAt - startedAt);
    return turnResult;
  }

  private async attemptTurn(request: ModelTurnRequest, body: ReturnType<typeof buildTurnBody>) {
    const accumulator = new TurnAccumulator({
      format: request.toolFormat,
      tools: request.tools,
      assumeThinkOpen: this.thinkOpenedByTemplate.get(request.model) === true,
      ...(request.onDelta ? { onDelta: request.onDelta } : {}),
    });
    // One controller per attempt, aborted by the caller's signal or by the idle timer.
    const controller = new AbortController();
    let abortCause: AbortCause;
    const onCallerAbort = (): void => {
      abortCause ??= 'user';
      controller.abort();
    };
    const userSignal = request.signal;
    if (userSignal?.aborted) onCallerAbort();
    userSignal?.addEventListener('abort', onCallerAbort, { once: true });
    const idleTimer = setTimeout(() => {
      abortCause ??= 'timeout';
      controller.abort();
    }, this.idleTimeoutMs);
    try {
      const response = await this.sdk.chat.completions
        .create(body, { signal: controller.signal, maxRetries: 0, timeout: this.idleTimeoutMs + 1000 })
        .asResponse();
      idleTimer.refresh();
      await readTurnStream(response, accumulator, {
        url: this.baseUrl,
        onActivity: () => idleTimer.refresh(),
        maxReplyChars: this.maxReplyChars,
        errorContext: () => this.errorContext(abortCause, accumulator.tokensArrived),
      });
      return { accumulator, result: accumulator.finish() };
    } catch (error) {
      throw toModelError(error, this.errorContext(abortCause, accumulator.tokensArrived));
    } finally {
      clearTimeout(idleTimer);
      userSignal?.removeEventListener('abort', onCallerAbort);
      controller.abort();
    }
  }

  private errorContext(abortCause: AbortCause, tokensArrived: boolean, idleTimeoutMs = this.idleTimeoutMs) {
    return { url: this.baseUrl, abortCause, idleTimeoutMs, tokensArrived };
  }
}
