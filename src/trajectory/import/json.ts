// Type guards for reading other agents' JSON. Their files are parsed as `unknown` and every
// field is checked where it is read, so a malformed file fails with a message that names the
// field instead of a TypeError deep inside a converter.

export type JsonObject = Record<string, unknown>;

/** A converter found the input unusable; the message says what is missing, in plain words. */
export class ImportFormatError extends Error {
  override name = 'ImportFormatError';
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asObject(value: unknown): JsonObject | undefined {
  return isObject(value) ? value : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function asBoolean(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

export function asArray(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

/** Several logs (OpenHands completions, SWE-agent tool calls) store nested objects as JSON
 * text; this reads either form. Text that is not a JSON object or array stays as it was. */
export function decodeNested(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trimStart();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** A value at a path of keys, e.g. at(info, 'model_stats', 'api_calls'); digits index lists. */
export function at(value: unknown, ...keys: string[]): unknown {
  let current: unknown = value;
  for (const key of keys) {
    const container = decodeNested(current);
    if (Array.isArray(container) && /^\d+$/.test(key)) current = container[Number(key)];
    else if (isObject(container)) current = container[key];
    else return undefined;
  }
  return current;
}

/** The required array of a converter, or a clear error naming it. */
export function requireArray(value: unknown, what: string): unknown[] {
  const array = asArray(value);
  if (!array) throw new ImportFormatError(`${what} is missing or not a list`);
  return array;
}

/** Message content in any of the shapes chat APIs use: a string, null, or a list of parts
 * ({type: 'text', text}, images...). Text parts are joined; other parts are counted. */
export function contentText(content: unknown): { text: string; dropped: number } {
  if (typeof content === 'string') return { text: content, dropped: 0 };
  const parts = asArray(content);
  if (!parts) return { text: '', dropped: 0 };
  const texts: string[] = [];
  let dropped = 0;
  for (const part of parts) {
    if (typeof part === 'string') texts.push(part);
    else if (isObject(part) && typeof part.text === 'string') texts.push(part.text);
    else dropped++;
  }
  return { text: texts.join(''), dropped };
}

/** Seconds or milliseconds since the epoch, or an ISO 8601 text, to milliseconds. ISO texts
 * without a zone (OpenHands writes them so) are read as UTC. */
export function toMillis(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value < 1e11 ? Math.round(value * 1000) : Math.round(value);
  if (typeof value !== 'string' || value.trim() === '') return null;
  const numeric = Number(value);
  if (Number.isFinite(numeric)) return toMillis(numeric);
  const zoned = /[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`;
  const parsed = Date.parse(zoned);
  return Number.isFinite(parsed) ? parsed : null;
}

export function describeKeys(value: unknown): string {
  if (Array.isArray(value)) return `a list of ${value.length} item(s)`;
  if (isObject(value)) {
    const keys = Object.keys(value);
    return keys.length === 0 ? 'an empty object' : `an object with keys ${keys.slice(0, 8).join(', ')}${keys.length > 8 ? ', …' : ''}`;
  }
  return typeof value;
}
