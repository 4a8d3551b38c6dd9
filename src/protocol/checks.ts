// Small building blocks for the hand-written validators of the protocol. Plain TypeScript
// only: this folder is bundled into the browser and the extension host alike.

/** Says whether a value has the expected shape. */
export type Check = (value: unknown) => boolean;

/** One check per field of a message, `type` excluded. The mapped type makes a field that
 * is added to a message interface without a check a compile error. */
export type FieldChecks<T> = { readonly [K in keyof T]-?: Check };

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const isString: Check = (value) => typeof value === 'string';
export const isNonEmptyString: Check = (value) => typeof value === 'string' && value.trim().length > 0;
export const isBoolean: Check = (value) => typeof value === 'boolean';
export const isNonNegativeInt: Check = (value) => Number.isSafeInteger(value) && (value as number) >= 0;
export const isNonNegativeNumber: Check = (value) => typeof value === 'number' && Number.isFinite(value) && value >= 0;
export const isInt: Check = (value) => Number.isSafeInteger(value);

export function oneOf(...allowed: readonly (string | number | boolean)[]): Check {
  return (value) => allowed.some((candidate) => candidate === value);
}

export function nullable(check: Check): Check {
  return (value) => value === null || check(value);
}

export function arrayOf(check: Check): Check {
  return (value) => Array.isArray(value) && value.every((item) => check(item));
}

/** An object with exactly these fields: unknown fields are rejected so that a typo or a
 * message from another protocol version fails loudly instead of being half understood. */
export function exactObject(checks: Readonly<Record<string, Check>>): Check {
  return (value) => describeMismatch(value, checks) === undefined;
}

/** Why a value does not match the field checks, or undefined when it does. */
export function describeMismatch(value: unknown, checks: Readonly<Record<string, Check>>, ignore: readonly string[] = []): string | undefined {
  if (!isRecord(value)) return 'not an object';
  for (const [key, check] of Object.entries(checks)) {
    if (!(key in value)) return `missing field "${key}"`;
    if (!check(value[key])) return `bad field "${key}"`;
  }
  for (const key of Object.keys(value)) {
    if (!(key in checks) && !ignore.includes(key)) return `unknown field "${key}"`;
  }
  return undefined;
}
