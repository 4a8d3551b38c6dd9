// Run metrics as the SEAlign paper reports them, over every run read (no filters; a run id
// seen twice in a task is counted once). A rate whose denominator is empty is null, not 0.
//   resolved_rate       resolved runs / runs with a success label
//   empty_patch_rate    runs that ended with an empty patch / runs whose final patch is known
//                       (an import without a patch and without an empty-patch label is unknown)
//   stuck_rate          runs the loop watch marks stuck / runs (null without the loop watch)
//   invalid_call_rate   invalid tool calls / tool calls
//   mean_steps          model turns per run; mean_tokens: total tokens per run that counted them
import type { Trajectory } from '../trajectory/format';
import type { StuckCheck } from './task-runs';

export interface RunMetrics {
  resolved: boolean | null;
  hasOutcome: boolean;
  /** Whether the final patch is known: recorded (empty or not) or labelled empty. */
  patchKnown: boolean;
  emptyPatch: boolean;
  stuck: boolean | null;
  steps: number;
  tokens: number | null;
  toolCalls: number;
  invalidCalls: number;
}

export function runMetrics(trajectory: Trajectory, isStuck?: StuckCheck): RunMetrics {
  let steps = 0;
  let turnCalls = 0;
  let turnTokens = 0;
  let turnsWithUsage = 0;
  let toolCalls = 0;
  let invalidCalls = 0;
  for (const event of trajectory.events) {
    if (event.type === 'model-turn') {
      steps = Math.max(steps, event.step);
      turnCalls += event.toolCalls.length;
      if (event.usage) {
        turnTokens += event.usage.totalTokens;
        turnsWithUsage++;
      }
    } else if (event.type === 'tool-call') {
      toolCalls++;
      if (!event.valid) invalidCalls++;
    }
  }
  const outcome = trajectory.outcome;
  if (toolCalls === 0 && turnCalls > 0) {
    // Some imports keep the calls only inside the turns; the outcome still counts invalid ones.
    toolCalls = turnCalls;
    invalidCalls = Math.min(outcome?.invalidToolCalls ?? 0, turnCalls);
  }
  const outcomeTokens = outcome && outcome.usage.totalTokens > 0 ? outcome.usage.totalTokens : null;
  return {
    resolved: outcome?.resolved ?? null,
    hasOutcome: outcome !== null,
    patchKnown: outcome !== null && (outcome.emptyPatch || outcome.patch.trim() !== ''),
    emptyPatch: outcome?.emptyPatch ?? false,
    stuck: isStuck ? isStuck(trajectory) : null,
    steps: steps > 0 ? steps : (outcome?.steps ?? 0),
    tokens: outcomeTokens ?? (turnsWithUsage > 0 ? turnTokens : null),
    toolCalls,
    invalidCalls,
  };
}

export interface TaskStats {
  task: string;
  runs: number;
  labelled: number;
  resolved: number;
  resolved_rate: number | null;
  stuck: number;
  empty_patch: number;
  mean_steps: number | null;
}

export interface RunStats {
  runs: number;
  tasks: number;
  labelled_runs: number;
  resolved_runs: number;
  resolved_rate: number | null;
  /** Tasks with at least one resolved run / tasks with a labelled run. */
  tasks_resolved_rate: number | null;
  runs_with_outcome: number;
  runs_with_known_patch: number;
  empty_patch_runs: number;
  empty_patch_rate: number | null;
  stuck_runs: number;
  stuck_rate: number | null;
  tool_calls: number;
  invalid_calls: number;
  invalid_call_rate: number | null;
  mean_steps: number | null;
  mean_tokens: number | null;
  duplicates: number;
  unreadable: number;
  per_task: TaskStats[];
}

function rate(numerator: number, denominator: number): number | null {
  return denominator > 0 ? Math.round((numerator / denominator) * 10000) / 10000 : null;
}

function mean(total: number, count: number): number | null {
  return count > 0 ? Math.round((total / count) * 100) / 100 : null;
}

interface TaskTotals {
  runs: number; labelled: number; resolved: number; stuck: number; emptyPatch: number; steps: number;
}

/** Adds runs one at a time, so a whole corpus is summed without being held. */
export class MetricsAccumulator {
  private readonly tasks = new Map<string, TaskTotals>();
  private readonly seen = new Map<string, Set<string>>();
  private stuckKnown = false;
  private totals = { runs: 0, labelled: 0, resolved: 0, withOutcome: 0, patchKnown: 0, emptyPatch: 0, stuck: 0, toolCalls: 0, invalid: 0, steps: 0, tokens: 0, withTokens: 0, duplicates: 0 };
  unreadable = 0;

  add(taskId: string, runId: string, metrics: RunMetrics): void {
    const seen = this.seen.get(taskId) ?? new Set<string>();
    this.seen.set(taskId, seen);
    if (seen.has(runId)) {
      this.totals.duplicates++;
      return;
    }
    seen.add(runId);
    const task = this.tasks.get(taskId) ?? { runs: 0, labelled: 0, resolved: 0, stuck: 0, emptyPatch: 0, steps: 0 };
    this.tasks.set(taskId, task);
    const t = this.totals;
    t.runs++;
    task.runs++;
    t.steps += metrics.steps;
    task.steps += metrics.steps;
    if (metrics.resolved !== null) {
      t.labelled++;
      task.labelled++;
      if (metrics.resolved) {
        t.resolved++;
        task.resolved++;
      }
    }
    if (metrics.hasOutcome) t.withOutcome++;
    if (metrics.patchKnown) t.patchKnown++;
    if (metrics.patchKnown && metrics.emptyPatch) {
      t.emptyPatch++;
      task.emptyPatch++;
    }
    if (metrics.stuck !== null) this.stuckKnown = true;
    if (metrics.stuck) {
      t.stuck++;
      task.stuck++;
    }
    t.toolCalls += metrics.toolCalls;
    t.invalid += metrics.invalidCalls;
    if (metrics.tokens !== null) {
      t.tokens += metrics.tokens;
      t.withTokens++;
    }
  }

  result(): RunStats {
    const t = this.totals;
    const perTask = [...this.tasks.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([task, s]): TaskStats => ({
      task, runs: s.runs, labelled: s.labelled, resolved: s.resolved, resolved_rate: rate(s.resolved, s.labelled),
      stuck: s.stuck, empty_patch: s.emptyPatch, mean_steps: mean(s.steps, s.runs),
    }));
    const labelledTasks = perTask.filter((task) => task.labelled > 0);
    return {
      runs: t.runs,
      tasks: this.tasks.size,
      labelled_runs: t.labelled,
      resolved_runs: t.resolved,
      resolved_rate: rate(t.resolved, t.labelled),
      tasks_resolved_rate: rate(labelledTasks.filter((task) => task.resolved > 0).length, labelledTasks.length),
      runs_with_outcome: t.withOutcome,
      runs_with_known_patch: t.patchKnown,
      empty_patch_runs: t.emptyPatch,
      empty_patch_rate: rate(t.emptyPatch, t.patchKnown),
      stuck_runs: t.stuck,
      stuck_rate: this.stuckKnown ? rate(t.stuck, t.runs) : null,
      tool_calls: t.toolCalls,
      invalid_calls: t.invalid,
      invalid_call_rate: rate(t.invalid, t.toolCalls),
      mean_steps: mean(t.steps, t.runs),
      mean_tokens: mean(t.tokens, t.withTokens),
      duplicates: t.duplicates,
      unreadable: this.unreadable,
      per_task: perTask,
    };
  }
}
