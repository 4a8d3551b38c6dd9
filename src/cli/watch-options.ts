// Loop-watch settings from the command line: `--loop-config FILE` (a JSON object with any
// subset of the settings in docs/loop-watch.md) and `--loop-policy`, shared by `crux run`,
// `crux detect` and `crux eval-detector`.
import { readFile } from 'node:fs/promises';
import { DEFAULT_WATCH_CONFIG, LOOP_POLICIES, type LoopPolicyName, type WatchConfig } from '../watch/config';
import { parseWatchConfig, WatchConfigError } from '../watch/config-parse';
import { UsageError } from './exit-codes';
import { oneOf } from './options';

export const LOOP_POLICY_NAMES = Object.keys(LOOP_POLICIES) as LoopPolicyName[];

export const parseLoopPolicy: (value: string) => LoopPolicyName = oneOf(LOOP_POLICY_NAMES);

/** The settings from the file (defaults when none is given), with the policy preset applied. */
export async function loadWatchConfig(file: string | undefined, policy?: LoopPolicyName): Promise<WatchConfig> {
  let config = DEFAULT_WATCH_CONFIG;
  if (file !== undefined) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read the loop-watch settings ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new UsageError(`the loop-watch settings ${file} are not valid JSON`);
    }
    try {
      config = parseWatchConfig(value, file);
    } catch (error) {
      if (error instanceof WatchConfigError) throw new UsageError(error.message);
      throw error;
    }
  }
  return policy ? { ...config, policy: { ...config.policy, ...LOOP_POLICIES[policy] } } : config;
}
