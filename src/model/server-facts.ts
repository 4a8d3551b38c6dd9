// What a model server says about how it serves a model: the context window it really gives the
// model, whether the chat template can carry tools, and its own cap on a reply. Each server kind
// says it at its own endpoints, so the knowledge is data: one list of readers per kind, each
// reading the real shape of one endpoint. Nothing here guesses: a field that is missing stays
// unknown, and callers keep their defaults for it.
import { isPlainObject } from './arguments';
import type { ServerKind } from './types';
import { fetchJson } from './server-kind';

export interface ServerFacts {
  /** The context window the server gives this model (tokens), per request slot. */
  contextTokens?: number;
  /** The longest context the model was trained for. */
  trainedContextTokens?: number;
  /** Whether the chat template puts `tools` into the prompt; false means native tool calls
   * would be accepted but invisible to the model (llama.cpp --jinja with a tool-less template). */
  templateTools?: boolean;
  /** The server's own default cap on a reply, when it has one. */
  replyTokens?: number;
  /** The endpoints the facts came from, e.g. ['/props', '/v1/models']. */
  sources: string[];
  /** Things the user should fix on the server side (e.g. Ollama's small default window). */
  warnings: string[];
}

type LearnedFacts = { [K in 'contextTokens' | 'trainedContextTokens' | 'templateTools' | 'replyTokens']?: ServerFacts[K] | undefined };

/** exactOptionalPropertyTypes: unknown facts are absent, not undefined. */
function withoutUnknowns(facts: LearnedFacts & Pick<ServerFacts, 'sources' | 'warnings'>): ServerFacts {
  const known: ServerFacts = { sources: facts.sources, warnings: facts.warnings };
  if (facts.contextTokens !== undefined) known.contextTokens = facts.contextTokens;
  if (facts.trainedContextTokens !== undefined) known.trainedContextTokens = facts.trainedContextTokens;
  if (facts.templateTools !== undefined) known.templateTools = facts.templateTools;
  if (facts.replyTokens !== undefined) known.replyTokens = facts.replyTokens;
  return known;
}

interface FactReader {
  path: string;
  /** Ollama's /api/show is a POST with the model's name. */
  post?: (model: string) => unknown;
  read: (body: Record<string, unknown>, model: string) => Partial<Omit<ServerFacts, 'sources' | 'warnings'>>;
}

const positive = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;

function entries(body: Record<string, unknown>, field: string): Record<string, unknown>[] {
  const list = body[field];
  return Array.isArray(list) ? list.filter(isPlainObject) : [];
}

/** The listing entry for this model, or the only one. */
function entryFor(list: Record<string, unknown>[], model: string, ...keys: string[]): Record<string, unknown> | undefined {
  const named = list.find((entry) => keys.some((key) => entry[key] === model));
  return named ?? (list.length === 1 ? list[0] : undefined);
}

/** vLLM and SGLang: GET /v1/models → data[].max_model_len (the window the engine was started with). */
const OPENAI_MAX_MODEL_LEN: FactReader = {
  path: '/v1/models',
  read: (body, model) => {
    const entry = entryFor(entries(body, 'data'), model, 'id', 'root');
    const window = positive(entry?.['max_model_len']);
    return window !== undefined ? { contextTokens: window } : {};
  },
};

export const FACT_READERS: Readonly<Record<ServerKind, readonly FactReader[]>> = {
  // llama.cpp: /props has the slot's n_ctx, the template's capabilities and the default n_predict;
  // /v1/models meta has n_ctx_train (and, in newer builds, n_ctx).
  llamacpp: [
    {
      path: '/props',
      read: (body) => {
        const settings = isPlainObject(body['default_generation_settings']) ? body['default_generation_settings'] : {};
        const params = isPlainObject(settings['params']) ? settings['params'] : {};
        const caps = isPlainObject(body['chat_template_caps']) ? body['chat_template_caps'] : {};
        const facts: Partial<ServerFacts> = {};
        const window = positive(settings['n_ctx']);
        if (window !== undefined) facts.contextTokens = window;
        const reply = positive(params['n_predict']) ?? positive(params['max_tokens']);
        if (reply !== undefined) facts.replyTokens = reply;
        if (typeof caps['supports_tools'] === 'boolean') facts.templateTools = caps['supports_tools'];
        return facts;
      },
    },
    {
      path: '/v1/models',
      read: (body, model) => {
        const entry = entryFor(entries(body, 'data'), model, 'id');
        const meta = isPlainObject(entry?.['meta']) ? entry['meta'] : {};
        const facts: Partial<ServerFacts> = {};
        const trained = positive(meta['n_ctx_train']);
        if (trained !== undefined) facts.trainedContextTokens = trained;
        const window = positive(meta['n_ctx']);
        if (window !== undefined) facts.contextTokens = window;
        return facts;
      },
    },
  ],
  vllm: [OPENAI_MAX_MODEL_LEN],
  sglang: [OPENAI_MAX_MODEL_LEN],
  // Ollama: /api/show has the trained length (model_info "<arch>.context_length"), the model's
  // capabilities ("tools") and any num_ctx its Modelfile sets; /api/ps the window of the loaded model.
  ollama: [
    {
      path: '/api/show',
      post: (model) => ({ model }),
      read: (body) => {
        const facts: Partial<ServerFacts> = {};
        const info = isPlainObject(body['model_info']) ? body['model_info'] : {};
        for (const [key, value] of Object.entries(info)) {
          if (key.endsWith('.context_length') && positive(value) !== undefined) facts.trainedContextTokens = value as number;
        }
        if (Array.isArray(body['capabilities'])) facts.templateTools = body['capabilities'].includes('tools');
        const numCtx = typeof body['parameters'] === 'string' ? /^num_ctx\s+(\d+)/m.exec(body['parameters']) : null;
        if (numCtx?.[1]) facts.contextTokens = Number(numCtx[1]);
        return facts;
      },
    },
    {
      path: '/api/ps',
      read: (body, model) => {
        const entry = entryFor(entries(body, 'models'), model, 'name', 'model');
        const window = positive(entry?.['context_length']);
        return window !== undefined ? { contextTokens: window } : {};
      },
    },
  ],
  // LM Studio: GET /api/v0/models → data[] with loaded_context_length (when loaded),
  // max_context_length and capabilities (["tool_use"]).
  lmstudio: [
    {
      path: '/api/v0/models',
      read: (body, model) => {
        const entry = entryFor(entries(body, 'data'), model, 'id');
        if (!entry) return {};
        const facts: Partial<ServerFacts> = {};
        const loaded = positive(entry['loaded_context_length']);
        if (loaded !== undefined) facts.contextTokens = loaded;
        const trained = positive(entry['max_context_length']);
        if (trained !== undefined) facts.trainedContextTokens = trained;
        if (Array.isArray(entry['capabilities'])) facts.templateTools = entry['capabilities'].includes('tool_use');
        return facts;
      },
    },
  ],
  unknown: [],
};

/** Ollama's default window when neither a loaded model nor the Modelfile says (current Ollama
 * picks 4k below 24 GiB of VRAM; older versions 2k), and the size below which we warn. */
export const OLLAMA_DEFAULT_CONTEXT = 4096;
const OLLAMA_SMALL_CONTEXT = 16_384;

export interface FactFetchOptions {
  headers: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Asks the kind's endpoints (in parallel, each bounded); later readers fill only what earlier ones left. */
export async function learnServerFacts(kind: ServerKind, root: string, model: string, options: FactFetchOptions): Promise<ServerFacts> {
  const readers = FACT_READERS[kind];
  const signal = AbortSignal.any([AbortSignal.timeout(options.timeoutMs), ...(options.signal ? [options.signal] : [])]);
  const bodies = await Promise.all(readers.map((reader) => fetchJson(`${root}${reader.path}`, options.headers, signal, reader.post?.(model))));
  const facts: LearnedFacts & Pick<ServerFacts, 'sources' | 'warnings'> = { sources: [], warnings: [] };
  readers.forEach((reader, index) => {
    const body = bodies[index];
    if (!body) return;
    const learned = reader.read(body, model);
    if (Object.keys(learned).length === 0) return;
    facts.sources.push(reader.path);
    facts.contextTokens ??= learned.contextTokens;
    facts.trainedContextTokens ??= learned.trainedContextTokens;
    facts.templateTools ??= learned.templateTools;
    facts.replyTokens ??= learned.replyTokens;
  });
  const known = withoutUnknowns(facts);
  if (kind === 'ollama') ollamaWindow(known, model);
  return known;
}

/** Ollama cuts an overlong prompt from the front without an error, so a small window must be said. */
function ollamaWindow(facts: ServerFacts, model: string): void {
  const window = facts.contextTokens;
  if (window !== undefined && window >= OLLAMA_SMALL_CONTEXT) return;
  const size = window ?? OLLAMA_DEFAULT_CONTEXT;
  facts.contextTokens = size;
  const trained = facts.trainedContextTokens ? ` (the model can take ${facts.trainedContextTokens.toLocaleString('en-US')})` : '';
  facts.warnings.push(
    `Ollama serves ${model} with a ${window === undefined ? 'default ' : ''}context window of ${size.toLocaleString('en-US')} tokens${trained}, ` +
      'and silently drops the start of longer prompts. Crux keeps its prompts within it, but an agent needs more: ' +
      'restart Ollama with `OLLAMA_CONTEXT_LENGTH=32768 ollama serve`, or set `PARAMETER num_ctx 32768` in a Modelfile.',
  );
}


/** One line for the CLI, the connection line and the log: "context 2,048 tokens, template without tools". */
export function describeServerFacts(facts: ServerFacts): string {
  const parts: string[] = [];
  if (facts.contextTokens !== undefined) parts.push(`context ${facts.contextTokens.toLocaleString('en-US')} tokens`);
  if (facts.templateTools === false) parts.push('chat template without tools');
  if (facts.replyTokens !== undefined) parts.push(`server caps replies at ${facts.replyTokens.toLocaleString('en-US')} tokens`);
  return parts.length > 0 ? parts.join(', ') : 'no context window reported';
}
