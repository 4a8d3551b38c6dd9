// Canonical actions: when two runs' steps count as "the same action" while their prefixes
// are merged into a tree. An action is a model turn's tool calls, each as its tool name plus
// its arguments normalised (key order, whitespace, volatile ids, temp paths; see config.ts
// and docs/sealign.md). A turn without tool calls is a reply, compared by its normalised text.
import type { ModelTurnRecord } from '../trajectory/format';
import type { NormalizationConfig } from './config';

/** Turns a model turn into the key the tree compares. Equal keys: the same node. */
export type Canonicalizer = (turn: ModelTurnRecord) => string;

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
// OpenAI (call_…), Anthropic (toolu_…, tooluse_…) and chat-completion ids.
const CALL_ID = '\\b(?:call|toolu|tooluse|chatcmpl|fc)_[A-Za-z0-9_-]{6,}';
const ISO_TIME = '\\b\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:Z|[+-]\\d{2}:?\\d{2})?';
// 32+ hex digits: md5/sha digests and random tokens; short hashes are left alone (they are
// usually a repository's commits, the same in every run of a task).
const LONG_HEX = '\\b[0-9a-fA-F]{32,}\\b';
const VOLATILE = new RegExp(`(${UUID})|(${CALL_ID})|(${ISO_TIME})|(${LONG_HEX})`, 'g');

const MAC_TEMP = /\/(?:private\/)?var\/folders\/[^/\s]+\/[^/\s]+\/T(?=\/|\b)/g;
const WINDOWS_TEMP = /[A-Za-z]:\\Users\\[^\\\s]+\\AppData\\Local\\Temp(?:\\[^\\\s'"`]+)?/gi;
const UNIX_TEMP = /(?:\/private)?\/(?:var\/)?tmp\/([^\s/'"`;|&)]+)/g;

/** A temp-dir component made by a program (tmpab12cd, pytest-123), not one the agent chose
 * (reproduce.py): random names mix letters and digits and have no file extension. */
function looksGenerated(component: string): boolean {
  if (/^(?:tmp|temp)[\w.-]{3,}$/i.test(component)) return true;
  return component.length >= 6 && /\d/.test(component) && /[a-z]/i.test(component) && !/\.\w{1,5}$/.test(component);
}

function replaceVolatile(text: string): string {
  return text.replace(VOLATILE, (_match, uuid?: string, callId?: string, time?: string) => {
    if (uuid) return '<uuid>';
    if (callId) return '<call-id>';
    if (time) return '<time>';
    return '<hex>';
  });
}

function replaceTempPaths(text: string): string {
  if (!/tmp|Temp|folders/.test(text)) return text;
  return text
    .replace(MAC_TEMP, '/tmp')
    .replace(WINDOWS_TEMP, '<tmp>')
    .replace(UNIX_TEMP, (match, component: string) => (looksGenerated(component) ? '<tmp>' : match));
}

function smartWhitespace(text: string): string {
  if (!text.includes('\n')) {
    return /\s\s|\t|^\s|\s$/.test(text) ? text.replace(/[ \t\f\v\r]+/g, ' ').trim() : text;
  }
  return text.replace(/\r\n?/g, '\n').replace(/[ \t]+$/gm, '').replace(/^\n+|\n+$/g, '');
}

/** The string normaliser a config describes, compiled once. */
export function createStringNormalizer(config: NormalizationConfig): (text: string) => string {
  const custom = config.replacements.map(({ pattern, replacement }) => ({ regex: new RegExp(pattern, 'g'), replacement }));
  return (input) => {
    let text = input;
    if (config.volatileIds) text = replaceVolatile(text);
    if (config.tempPaths) text = replaceTempPaths(text);
    for (const { regex, replacement } of custom) text = text.replace(regex, replacement);
    if (config.whitespace === 'smart') return smartWhitespace(text);
    if (config.whitespace === 'collapse') return text.replace(/\s+/g, ' ').trim();
    return text;
  };
}

/** Parsed arguments of a call: the recorded object, else the text if it parses to an object. */
export function parsedArguments(call: { arguments?: Record<string, unknown>; argumentsText: string }): Record<string, unknown> | null {
  if (call.arguments) return call.arguments;
  try {
    const value: unknown = JSON.parse(call.argumentsText);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function createCanonicalizer(config: NormalizationConfig): Canonicalizer {
  const normalize = createStringNormalizer(config);
  const ignored = new Set(config.ignoreArguments);
  // Writes JSON with sorted keys and normalised strings in one pass, so nothing is cloned.
  const canonical = (value: unknown, topLevel: boolean): string => {
    if (typeof value === 'string') return JSON.stringify(normalize(value));
    if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
    if (Array.isArray(value)) return `[${value.map((item) => canonical(item, false)).join(',')}]`;
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).filter((key) => !(topLevel && ignored.has(key))).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(record[key], false)}`).join(',')}}`;
  };
  return (turn) => {
    if (turn.toolCalls.length === 0) return `(reply) ${JSON.stringify(normalize(turn.assistant.content ?? ''))}`;
    return turn.toolCalls.map((call) => {
      const args = parsedArguments(call);
      // Unparseable arguments still compare, as normalised text: the same broken call twice
      // is the same (invalid) action.
      return `${call.name}(${args ? canonical(args, true) : `text:${JSON.stringify(normalize(call.argumentsText))}`})`;
    }).join('\n');
  };
}

const LABEL_CHARS = 72;

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

function jsonValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

// The canonical form sorts keys; a label reads better with what a call is about first.
const LABEL_KEYS = ['command', 'cmd', 'path', 'file', 'filename', 'pattern', 'query', 'url', 'summary'];

function labelValues(args: Record<string, unknown>): string[] {
  const keys = Object.keys(args);
  const ordered = [...LABEL_KEYS.filter((key) => keys.includes(key)), ...keys.filter((key) => !LABEL_KEYS.includes(key))];
  return ordered.map((key) => args[key]).filter((value): value is string => typeof value === 'string');
}

/** One line saying what a canonical action does, for `crux tree` and pair metadata:
 * "read_file src/a.py", "run_command pytest -x + read_file b.py", "(reply) Done.". It is read
 * from the canonical form, so it shows the action as compared (normalised). */
export function labelOfKey(key: string): string {
  if (key.startsWith('(reply) ')) return clip(`(reply) ${String(jsonValue(key.slice(8)))}`, LABEL_CHARS);
  // Calls are joined by newlines; JSON escapes newlines inside strings, so this split is safe.
  const parts = key.split('\n').map((call) => {
    const open = call.indexOf('(');
    const name = open >= 0 ? call.slice(0, open) : call;
    const inner = open >= 0 ? call.slice(open + 1, -1) : '';
    const args = jsonValue(inner.startsWith('text:') ? inner.slice(5) : inner);
    const values = args !== null && typeof args === 'object' && !Array.isArray(args)
      ? labelValues(args as Record<string, unknown>)
      : [String(args)];
    return `${name} ${values.slice(0, 2).join(' ')}`;
  });
  return clip(parts.join(' + '), LABEL_CHARS);
}
