// Recognising which server is behind an OpenAI-compatible URL. The model list usually says it
// (`owned_by`); when it does not (Ollama names the owner after the model's namespace, proxies
// rewrite fields), a few cheap endpoints only one server has settle it.
import { isPlainObject } from './arguments';
import type { ServerKind } from './types';

export interface ModelListing {
  ids: string[];
  ownedBy: string[];
  /** llama.cpp answers /v1/models with an extra top-level `models` array (Ollama-style). */
  hasModelsField: boolean;
}

export function readModelListing(body: unknown): ModelListing {
  const listing: ModelListing = { ids: [], ownedBy: [], hasModelsField: false };
  if (!isPlainObject(body)) return listing;
  listing.hasModelsField = Array.isArray(body['models']);
  const data = Array.isArray(body['data']) ? body['data'] : [];
  for (const entry of data) {
    if (!isPlainObject(entry)) continue;
    if (typeof entry['id'] === 'string') listing.ids.push(entry['id']);
    if (typeof entry['owned_by'] === 'string') listing.ownedBy.push(entry['owned_by'].toLowerCase());
  }
  return listing;
}

const OWNERS: Record<string, ServerKind> = {
  vllm: 'vllm',
  sglang: 'sglang',
  llamacpp: 'llamacpp',
  'llama.cpp': 'llamacpp',
  library: 'ollama',
  ollama: 'ollama',
  organization_owner: 'lmstudio',
};

export function kindFromListing(listing: ModelListing, serverHeader: string | null): ServerKind {
  for (const owner of listing.ownedBy) {
    const kind = OWNERS[owner];
    if (kind) return kind;
  }
  if (serverHeader?.toLowerCase().includes('llama.cpp')) return 'llamacpp';
  if (listing.hasModelsField) return 'llamacpp';
  return 'unknown';
}

/** The server root: the base URL without its /v1 suffix. */
export function serverRoot(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  if (/\/v1$/.test(trimmed)) return trimmed.slice(0, -3);
  try {
    return new URL(trimmed).origin;
  } catch {
    return trimmed;
  }
}

interface SideProbe {
  kind: ServerKind;
  path: string;
  recognise: (body: Record<string, unknown>) => boolean;
}

/** Most specific first: the generic /version answer is only trusted when nothing else matched. */
const SIDE_PROBES: readonly SideProbe[] = [
  { kind: 'ollama', path: '/api/version', recognise: (body) => typeof body['version'] === 'string' },
  { kind: 'llamacpp', path: '/props', recognise: (body) => isPlainObject(body['default_generation_settings']) },
  { kind: 'lmstudio', path: '/api/v0/models', recognise: (body) => Array.isArray(body['data']) },
  { kind: 'sglang', path: '/get_server_info', recognise: (body) => 'tp_size' in body || 'model_path' in body },
  { kind: 'vllm', path: '/version', recognise: (body) => typeof body['version'] === 'string' },
];

export interface SideProbeOptions {
  headers: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Asks the side endpoints in parallel, each bounded by timeoutMs; failures just mean "not this". */
export async function kindFromSideEndpoints(root: string, options: SideProbeOptions): Promise<ServerKind> {
  const signals = [AbortSignal.timeout(options.timeoutMs), ...(options.signal ? [options.signal] : [])];
  const signal = AbortSignal.any(signals);
  const answers = await Promise.all(SIDE_PROBES.map((probe) => fetchJson(`${root}${probe.path}`, options.headers, signal)));
  for (let i = 0; i < SIDE_PROBES.length; i++) {
    const probe = SIDE_PROBES[i];
    const body = answers[i];
    if (probe && body && probe.recognise(body)) return probe.kind;
  }
  return 'unknown';
}

/** A JSON object from one of a server's side endpoints, or undefined when it has none (any
 * error, status or non-object body): probes ask endpoints a server may not have. `post`
 * sends a JSON body instead of a GET. */
export async function fetchJson(url: string, headers: Record<string, string>, signal: AbortSignal, post?: unknown): Promise<Record<string, unknown> | undefined> {
  try {
    const response = await fetch(url, {
      headers: post === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      signal,
      ...(post === undefined ? {} : { method: 'POST', body: JSON.stringify(post) }),
    });
    if (!response.ok) {
      await response.body?.cancel();
      return undefined;
    }
    const body: unknown = await response.json();
    return isPlainObject(body) ? body : undefined;
  } catch {
    return undefined;
  }
}
