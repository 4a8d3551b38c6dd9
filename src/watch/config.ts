// Settings of the loop watch: one threshold set per signal, the bounds of its memory, when a
// loop counts as "stuck" in an offline report, and what the live watch does about it.
// docs/loop-watch.md explains every value and how it was chosen.

/** Repetitions at which a signal warns (a loop) and calls the loop stuck (it went on after
 * the warning). 0 turns the signal off. */
export interface RepeatThresholds {
  warnAt: number;
  stuckAt: number;
}

/** What the live watch does when a finding reaches a severity. */
export type WatchAction = 'none' | 'nudge' | 'rollback' | 'stop';

export interface WatchPolicy {
  onWarning: WatchAction;
  onStuck: WatchAction;
  /** Nudges and rollbacks one run may get; after that a warning is handled as stuck. */
  maxRecoveries: number;
}

export interface WatchConfig {
  /** The same call (canonical signature) several times in a row, checked before it runs. */
  identicalCalls: RepeatThresholds & {
    /** From this repetition on, a read or edit whose earlier repeats all gave the same output
     * is not run again; the model is told why instead (0: never block). Commands are never
     * held back: they may be waiting on something outside the workspace. */
    blockAt: number;
  };
  /** The same call giving the same (normalised) output, with nothing new learned in between. */
  repeatedObservation: RepeatThresholds & {
    /** Repeats of a clean output (no error) after a file changed that are not counted: a check
     * that still passes while the code moves on is not a loop, unless it goes on and on. */
    confirmations: number;
  };
  /** The same error (normalised error lines), whatever call produced it. */
  repeatedError: RepeatThresholds & {
    /** The same refused edit or invalid call again within this many steps continues the
     * count even when something new was learned in between (0: never). */
    mistakeGap: number;
  };
  /** Cycles of identical steps (A-B, A-B-C, … up to maxPeriod steps long); warnAt/stuckAt
   * count whole cycles. */
  cycle: RepeatThresholds & { maxPeriod: number };
  /** The same error coming back across varied actions and edits, whatever was learned in
   * between (counts occurrences; the other error signal starts over at anything new). */
  persistentError: RepeatThresholds;
  /** Steps in a row whose outputs taught (almost) nothing new line by line: varied commands
   * re-reading what the run has already seen. */
  stale: RepeatThresholds & {
    /** A step is stale when its outputs hold at most this many lines never seen before… */
    maxNewLines: number;
    /** …making at most this percentage of its output lines. */
    maxNewPercent: number;
  };
  /** The same chunk of a reply's text over and over (a model chanting while it writes). */
  repeatedText: {
    /** Characters per chunk compared. */
    chunk: number;
    /** The same chunk this many times warns (0: off). */
    warnAt: number;
    /** …and only when its repeats are on average at most this many characters apart. */
    maxGap: number;
  };
  /** A file returning to a content it had before. */
  editRevert: RepeatThresholds;
  /** Steps in a row with no new information, no new file content and no new error. */
  noProgress: RepeatThresholds;
  /** Replies in a row without a tool call. */
  noToolCall: RepeatThresholds;
  /** Steps in a row whose every tool call was invalid. */
  invalidCalls: RepeatThresholds;
  /** Finishing with an empty patch. */
  emptyPatchFinish: { enabled: boolean };
  /** When an offline report calls a run stuck: a loop still going at the end. */
  stuck: {
    /** At most this many steps may follow the loop's last repetition, none of them new information. */
    maxTail: number;
    /** A run that finished counts as stuck only after at least this many wasted steps… */
    minWastedBeforeFinish: number;
    /** …unless the loop began within this many steps of the start: a run that looped from
     * its first actions to its end wasted all of it, however short. */
    fromStartWithin: number;
  };
  /** Bounds that keep the cost of a step independent of the run's length. */
  memory: {
    /** Distinct outputs, errors and file contents remembered to judge what is new. */
    seen: number;
    /** Steps listed in one finding's evidence (the latest are kept). */
    evidenceSteps: number;
  };
  policy: WatchPolicy;
}

export const DEFAULT_WATCH_CONFIG: WatchConfig = {
  identicalCalls: { warnAt: 3, stuckAt: 5, blockAt: 4 },
  repeatedObservation: { warnAt: 3, stuckAt: 5, confirmations: 2 },
  repeatedError: { warnAt: 3, stuckAt: 5, mistakeGap: 4 },
  cycle: { warnAt: 3, stuckAt: 4, maxPeriod: 12 },
  persistentError: { warnAt: 4, stuckAt: 6 },
  stale: { warnAt: 8, stuckAt: 12, maxNewLines: 2, maxNewPercent: 10 },
  repeatedText: { chunk: 50, warnAt: 10, maxGap: 250 },
  editRevert: { warnAt: 3, stuckAt: 5 },
  noProgress: { warnAt: 8, stuckAt: 12 },
  noToolCall: { warnAt: 3, stuckAt: 5 },
  invalidCalls: { warnAt: 3, stuckAt: 5 },
  emptyPatchFinish: { enabled: true },
  stuck: { maxTail: 3, minWastedBeforeFinish: 5, fromStartWithin: 1 },
  memory: { seen: 4096, evidenceSteps: 24 },
  policy: { onWarning: 'nudge', onStuck: 'stop', maxRecoveries: 3 },
};

/** The presets of `crux run --loop-policy`. */
export const LOOP_POLICIES = {
  /** Report only. */
  warn: { onWarning: 'none', onStuck: 'none' },
  /** The default: nudge at a warning, stop when the loop goes on. */
  nudge: { onWarning: 'nudge', onStuck: 'stop' },
  /** Roll back to before the loop and nudge; stop when it goes on. */
  rollback: { onWarning: 'rollback', onStuck: 'stop' },
  /** Stop at the first warning. */
  stop: { onWarning: 'stop', onStuck: 'stop' },
} as const satisfies Record<string, Omit<WatchPolicy, 'maxRecoveries'>>;

export type LoopPolicyName = keyof typeof LOOP_POLICIES;

export type WatchConfigOverrides = { [K in keyof WatchConfig]?: Partial<WatchConfig[K]> };

/** The defaults with some values replaced, section by section. */
export function watchConfig(overrides: WatchConfigOverrides = {}): WatchConfig {
  const base = DEFAULT_WATCH_CONFIG;
  return {
    identicalCalls: { ...base.identicalCalls, ...overrides.identicalCalls },
    repeatedObservation: { ...base.repeatedObservation, ...overrides.repeatedObservation },
    repeatedError: { ...base.repeatedError, ...overrides.repeatedError },
    cycle: { ...base.cycle, ...overrides.cycle },
    persistentError: { ...base.persistentError, ...overrides.persistentError },
    stale: { ...base.stale, ...overrides.stale },
    repeatedText: { ...base.repeatedText, ...overrides.repeatedText },
    editRevert: { ...base.editRevert, ...overrides.editRevert },
    noProgress: { ...base.noProgress, ...overrides.noProgress },
    noToolCall: { ...base.noToolCall, ...overrides.noToolCall },
    invalidCalls: { ...base.invalidCalls, ...overrides.invalidCalls },
    emptyPatchFinish: { ...base.emptyPatchFinish, ...overrides.emptyPatchFinish },
    stuck: { ...base.stuck, ...overrides.stuck },
    memory: { ...base.memory, ...overrides.memory },
    policy: { ...base.policy, ...overrides.policy },
  };
}
