// Reads loop-watch settings written by a person (a JSON file for `crux run --loop-config`,
// the extension's settings): any subset of WatchConfig, checked value by value against the
// defaults' shape, so a typo is an error that names the setting instead of a silent default.
import { DEFAULT_WATCH_CONFIG, watchConfig, type WatchAction, type WatchConfig, type WatchConfigOverrides } from './config';

export class WatchConfigError extends Error {
  override name = 'WatchConfigError';
}

const ACTIONS: readonly WatchAction[] = ['none', 'nudge', 'rollback', 'stop'];

export function parseWatchConfig(value: unknown, where = 'loop-watch settings'): WatchConfig {
  const sections = asRecord(value, where);
  const defaults = DEFAULT_WATCH_CONFIG as unknown as Record<string, Record<string, unknown>>;
  const overrides: Record<string, Record<string, unknown>> = {};
  for (const [section, body] of Object.entries(sections)) {
    const base = defaults[section];
    if (!base) throw new WatchConfigError(`${where}: unknown section "${section}" (known: ${Object.keys(defaults).join(', ')})`);
    const fields = asRecord(body, `${where}: ${section}`);
    const out: Record<string, unknown> = {};
    for (const [key, raw] of Object.entries(fields)) {
      const name = `${section}.${key}`;
      if (!(key in base)) throw new WatchConfigError(`${where}: unknown setting "${name}" (known: ${Object.keys(base).map((k) => `${section}.${k}`).join(', ')})`);
      out[key] = checkValue(name, base[key], raw, where);
    }
    overrides[section] = out;
  }
  const config = watchConfig(overrides as WatchConfigOverrides);
  checkConsistency(config, where);
  return config;
}

function checkValue(name: string, expected: unknown, raw: unknown, where: string): unknown {
  if (typeof expected === 'boolean') {
    if (typeof raw !== 'boolean') throw new WatchConfigError(`${where}: ${name} must be true or false`);
    return raw;
  }
  if (typeof expected === 'number') {
    if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 0) throw new WatchConfigError(`${where}: ${name} must be a whole number, 0 or more`);
    return raw;
  }
  if (name === 'policy.onWarning' || name === 'policy.onStuck') {
    if (typeof raw !== 'string' || !ACTIONS.includes(raw as WatchAction)) throw new WatchConfigError(`${where}: ${name} must be one of ${ACTIONS.join(', ')}`);
    return raw;
  }
  throw new WatchConfigError(`${where}: ${name} cannot be set`);
}

/** Settings that parse one by one but not together. */
function checkConsistency(config: WatchConfig, where: string): void {
  const repeats = ['identicalCalls', 'repeatedObservation', 'repeatedError', 'cycle', 'persistentError', 'stale', 'editRevert', 'noProgress', 'noToolCall', 'invalidCalls'] as const;
  for (const section of repeats) {
    const { warnAt, stuckAt } = config[section];
    if (stuckAt !== 0 && stuckAt < warnAt) throw new WatchConfigError(`${where}: ${section}.stuckAt (${stuckAt}) is below ${section}.warnAt (${warnAt})`);
  }
  if (config.cycle.maxPeriod < 2) throw new WatchConfigError(`${where}: cycle.maxPeriod must be 2 or more (1 is a plain repetition)`);
  if (config.memory.seen < 1 || config.memory.evidenceSteps < 2) throw new WatchConfigError(`${where}: memory.seen must be 1 or more and memory.evidenceSteps 2 or more`);
}

function asRecord(value: unknown, where: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new WatchConfigError(`${where} must be a JSON object`);
  return value as Record<string, unknown>;
}
