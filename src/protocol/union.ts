// Validation of a discriminated union of messages: a table of field checks per `type`,
// typed so that every member of the union, and every field of every member, has a check.
import { describeMismatch, isRecord, type Check, type FieldChecks } from './checks';

export type UnionChecks<U extends { type: string }> = {
  readonly [K in U['type']]: FieldChecks<Omit<Extract<U, { type: K }>, 'type'>>;
};

export type ParseResult<U> = { ok: true; message: U } | { ok: false; error: string };

export function unionParser<U extends { type: string }>(what: string, checks: UnionChecks<U>): (value: unknown) => ParseResult<U> {
  return (value) => {
    if (!isRecord(value)) return { ok: false, error: `${what}: not an object` };
    const type = value.type;
    if (typeof type !== 'string' || !Object.hasOwn(checks, type)) {
      return { ok: false, error: `${what}: unknown type ${JSON.stringify(type)}` };
    }
    const fieldChecks: Readonly<Record<string, Check>> = checks[type as U['type']];
    const mismatch = describeMismatch(value, fieldChecks, ['type']);
    if (mismatch !== undefined) return { ok: false, error: `${what} "${type}": ${mismatch}` };
    // Every field was checked against the table that the type system ties to U.
    return { ok: true, message: value as U };
  };
}
