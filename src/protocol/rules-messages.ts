// Project rules met during a run: a nested AGENTS.md was given to the model with the result of
// a call that worked in its folder (the agent's rules-added event). The view shows one line in
// that run.
import { isBoolean, isNonEmptyString, isNonNegativeInt } from './checks';
import type { UnionChecks } from './union';

export interface RulesAddedMessage {
  type: 'rules-added';
  runId: string;
  step: number;
  /** The call whose result carried the rules. */
  callId: string;
  /** Workspace-relative path of the AGENTS.md. */
  path: string;
  /** The folder it applies to (workspace-relative, no trailing slash). */
  folder: string;
  chars: number;
  truncated: boolean;
}

export type RulesHostMessage = RulesAddedMessage;

export const rulesHostChecks: UnionChecks<RulesHostMessage> = {
  'rules-added': {
    runId: isNonEmptyString, step: isNonNegativeInt, callId: isNonEmptyString, path: isNonEmptyString, folder: isNonEmptyString,
    chars: isNonNegativeInt, truncated: isBoolean,
  },
};
