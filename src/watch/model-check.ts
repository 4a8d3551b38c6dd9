// The optional model check: ask a model (the served one, or a second one) whether the run is
// looping, from a short digest of its recent steps. The rules see exact repetition; a model can
// see an agent going round in circles in different words. It is asked only after `afterTurns`
// model turns and then every `everyTurns`, with a JSON-schema-constrained reply (llama.cpp and
// vLLM turn the schema into a grammar, so even a weak model answers parseably); a "looping"
// verdict counts only at `minConfidence` or more. The watch grades its response: the first
// confident verdict is a warning (a nudge), the second a stuck finding (a stop), as Gemini CLI
// does. Off unless a model URL is configured; never part of offline scores without one.
import type { SignalHit } from './signals/signal';

export interface ModelCheckSettings {
  /** OpenAI-compatible base URL, ending in /v1. */
  url: string;
  model: string;
  /** First check after this many model turns. */
  afterTurns: number;
  /** Then every this many turns. */
  everyTurns: number;
  /** Steps in the digest. */
  window: number;
  /** 0-1: a "looping" verdict below this is ignored. */
  minConfidence: number;
  timeoutMs: number;
  /** Sent as a bearer token when the server needs one. */
  apiKey?: string;
}

export const DEFAULT_MODEL_CHECK: Omit<ModelCheckSettings, 'url' | 'model'> = {
  afterTurns: 12, everyTurns: 6, window: 16, minConfidence: 0.9, timeoutMs: 60_000,
};

export interface StepDigest {
  step: number;
  /** What the step did: its calls, or the start of a reply without one. */
  action: string;
  /** What came back, on one line. */
  result: string;
}

export interface ModelVerdict {
  looping: boolean;
  confidence: number;
  reason: string;
}

/** The reply's JSON schema: a grammar for servers that support it. Every field is bounded
 * (confidence a whole percentage, the reason at most 120 characters), so the constrained
 * answer of any model, even one with random weights, fits in the reply cap and parses. */
export const VERDICT_SCHEMA = {
  type: 'object',
  properties: {
    looping: { type: 'boolean' },
    confidence: { type: 'integer', minimum: 0, maximum: 100 },
    reason: { type: 'string', maxLength: 120 },
  },
  required: ['looping', 'confidence', 'reason'],
  additionalProperties: false,
} as const;

const SYSTEM = [
  'You review the recent steps of an AI coding agent and decide whether it is stuck in a loop:',
  'repeating the same or equivalent actions, or a cycle of them, without learning anything new or changing the outcome.',
  'NOT loops: edits across several files in a row; incremental edits to one file, each different;',
  'reading several files one after another; running a test after each real change when the result changes;',
  'retrying with a real variation; polling something whose output changes.',
  'Answer with JSON only: {"looping": true or false, "confidence": how sure you are, 0 to 100, "reason": one short sentence}.',
].join(' ');

export type Post = (url: string, body: unknown, timeoutMs: number, apiKey?: string) => Promise<unknown>;

/** POSTs JSON and returns the parsed reply (global fetch). */
export const postJson: Post = async (url, body, timeoutMs, apiKey) => {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`HTTP ${response.status} from ${url}`);
  return response.json() as Promise<unknown>;
};

export class ModelCheck {
  private lastAsked = 0;
  private confirmed = 0;
  private readonly recent: StepDigest[] = [];

  constructor(readonly settings: ModelCheckSettings, private readonly post: Post = postJson) {}

  /** Records a finished step for the digest (the latest `window` are kept). */
  record(digest: StepDigest): void {
    this.recent.push(digest);
    if (this.recent.length > this.settings.window) this.recent.shift();
  }

  /** Whether a check is due after this step. */
  due(step: number): boolean {
    if (step < this.settings.afterTurns) return false;
    return this.lastAsked === 0 || step - this.lastAsked >= this.settings.everyTurns;
  }

  /** Asks the model; a hit when it is confident the run loops (the second one is stuck).
   * Failures (no answer, an answer that does not parse) are errors for the caller to log. */
  async check(step: number): Promise<SignalHit | null> {
    this.lastAsked = step;
    const steps = [...this.recent];
    const verdict = await this.ask(steps);
    if (!verdict.looping || verdict.confidence < this.settings.minConfidence) return null;
    this.confirmed++;
    const fromStep = steps[0]?.step ?? step;
    return {
      kind: 'model-check', episode: 1, count: this.confirmed, severity: this.confirmed >= 2 ? 'stuck' : 'warning',
      fromStep, toStep: step, steps: steps.map((item) => item.step),
      summary: `the model check judged steps ${fromStep}-${step} a loop (confidence ${verdict.confidence.toFixed(2)}): ${verdict.reason}`,
      nudge: `Looking at your last ${steps.length} steps, you seem to be going round in circles: ${verdict.reason} ` +
        'Take a step back: say what you have learned and what is still unknown, then try a different approach.',
    };
  }

  private async ask(steps: StepDigest[]): Promise<ModelVerdict> {
    const digest = steps.map((item) => `#${item.step} ${item.action}\n   -> ${item.result}`).join('\n');
    const reply = await this.post(`${this.settings.url.replace(/\/+$/, '')}/chat/completions`, {
      model: this.settings.model,
      stream: false,
      temperature: 0,
      max_tokens: 256,
      messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: `Recent steps:\n${digest}\n\nIs the agent looping?` }],
      response_format: { type: 'json_schema', json_schema: { name: 'loop_check', strict: true, schema: VERDICT_SCHEMA } },
    }, this.settings.timeoutMs, this.settings.apiKey);
    return parseVerdict(reply);
  }
}

/** The verdict in a chat-completions reply; throws when there is none. */
export function parseVerdict(reply: unknown): ModelVerdict {
  const content = (reply as { choices?: { message?: { content?: unknown } }[] } | null)?.choices?.[0]?.message?.content;
  if (typeof content !== 'string') throw new Error('the model check got a reply without text');
  // Some models wrap JSON in a code fence even under a schema.
  const json = content.trim().replace(/^```(?:json)?\s*/i, '').replace(/\s*```$/, '');
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error(`the model check's reply is not JSON: ${content.slice(0, 120)}`);
  }
  const record = value as Partial<ModelVerdict> | null;
  if (!record || typeof record.looping !== 'boolean' || typeof record.confidence !== 'number' || !Number.isFinite(record.confidence)) {
    throw new Error(`the model check's reply lacks looping/confidence: ${content.slice(0, 120)}`);
  }
  // The schema asks for a percentage; a model that answers a fraction (0.95) is understood too.
  const fraction = record.confidence > 1 ? record.confidence / 100 : record.confidence;
  return { looping: record.looping, confidence: Math.min(1, Math.max(0, fraction)), reason: typeof record.reason === 'string' ? record.reason.slice(0, 300) : '' };
}

/** One line of a step for the digest. */
export function oneLine(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
