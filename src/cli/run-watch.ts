// The loop watch of `crux run`: its settings from --loop-policy and --loop-config, a shadow-git
// checkpoint store when the policy may roll back, and a finish check that knows whether the
// workspace changed (a git diff), so a finish with nothing done is caught before it ends the run.
import type { Agent } from '../agent/agent';
import type { Checkpoints, Log } from '../host/ports';
import { ShadowGitCheckpoints } from '../host/node/shadow-checkpoints';
import { isGitWorkTree } from '../tools/git';
import { workspacePatch } from '../tools/patch';
import type { LoopPolicyName, WatchConfig } from '../watch/config';
import { LoopWatch } from '../watch/loop-watch';
import type { ModelCheck } from '../watch/model-check';
import { loadWatchConfig } from './watch-options';

export interface RunWatchOptions {
  /** A preset that replaces the policy of the settings file; the default policy nudges. */
  loopPolicy?: LoopPolicyName;
  loopConfig?: string;
  checkpointsDir?: string;
  /** Ask a model whether the run loops (--loop-model-check, --loop-model-url). */
  modelCheck?: ModelCheck;
}

export interface RunWatchSetup {
  config: WatchConfig;
  /** Present when the policy may roll back: pass it to the agent. */
  checkpoints?: Checkpoints;
  attach(agent: Agent): LoopWatch;
}

export async function prepareRunWatch(options: RunWatchOptions, root: string, log: Log): Promise<RunWatchSetup> {
  const config = await loadWatchConfig(options.loopConfig, options.loopPolicy);
  const rollback = config.policy.onWarning === 'rollback' || config.policy.onStuck === 'rollback';
  let checkpoints: Checkpoints | undefined;
  if (rollback) {
    try {
      checkpoints = await ShadowGitCheckpoints.open(root, options.checkpointsDir);
    } catch (error) {
      log.warn(`checkpoints are not available (${error instanceof Error ? error.message : String(error)}); the loop watch will nudge instead of rolling back once files changed`);
    }
  }
  const git = await isGitWorkTree(root).catch(() => false);
  return {
    config,
    ...(checkpoints ? { checkpoints } : {}),
    attach(agent) {
      const watch = new LoopWatch(agent, {
        config, log,
        ...(options.modelCheck ? { modelCheck: options.modelCheck } : {}),
        // Without git there is no baseline to diff against, so no early empty-patch check.
        ...(git ? { workspaceUnchanged: async () => (await workspacePatch(root)).trim() === '' } : {}),
      });
      watch.attach();
      return watch;
    },
  };
}
