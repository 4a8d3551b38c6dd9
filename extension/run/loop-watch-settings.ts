// The loop watch's settings in the editor: `crux.loopWatch.policy` (a preset, as
// `crux run --loop-policy`) over `crux.loopWatch.config` (any subset of the thresholds, as
// `--loop-config`, see docs/loop-watch.md). Pure, so it is unit-tested without VS Code.
import { DEFAULT_WATCH_CONFIG, LOOP_POLICIES, type LoopPolicyName, type WatchConfig } from '../../src/watch/config';
import { parseWatchConfig, WatchConfigError } from '../../src/watch/config-parse';

export const LOOP_POLICY_NAMES = Object.keys(LOOP_POLICIES) as LoopPolicyName[];
export const DEFAULT_LOOP_POLICY: LoopPolicyName = 'nudge';

export interface LoopWatchSettings {
  config: WatchConfig;
  /** The preset in force, or 'custom' when the config's own policy section decided. */
  policy: LoopPolicyName | 'custom';
  /** Why `crux.loopWatch.config` was not used (the defaults were), or null. */
  error: string | null;
}

/**
 * @param policy the `crux.loopWatch.policy` value when the user set it anywhere, else undefined
 * @param config the `crux.loopWatch.config` value
 */
export function loopWatchSettings(policy: unknown, config: unknown): LoopWatchSettings {
  let parsed = DEFAULT_WATCH_CONFIG;
  let error: string | null = null;
  const hasConfig = config !== undefined && config !== null && !(isRecord(config) && Object.keys(config).length === 0);
  if (hasConfig) {
    try {
      parsed = parseWatchConfig(config, 'crux.loopWatch.config');
    } catch (problem) {
      if (!(problem instanceof WatchConfigError)) throw problem;
      error = `${problem.message}; using the default thresholds`;
    }
  }
  const preset = LOOP_POLICY_NAMES.find((name) => name === policy);
  // An explicit preset wins; otherwise a policy written in the config object stands.
  if (preset) return { config: { ...parsed, policy: { ...parsed.policy, ...LOOP_POLICIES[preset] } }, policy: preset, error };
  if (error === null && isRecord(config) && isRecord(config.policy)) return { config: parsed, policy: 'custom', error };
  return { config: { ...parsed, policy: { ...parsed.policy, ...LOOP_POLICIES[DEFAULT_LOOP_POLICY] } }, policy: DEFAULT_LOOP_POLICY, error };
}

/** Whether the policy may roll back on its own (then checkpoints matter most). */
export function mayRollBack(config: WatchConfig): boolean {
  return config.policy.onWarning === 'rollback' || config.policy.onStuck === 'rollback';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
