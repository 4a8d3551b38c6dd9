// A trajectory (recorded by Crux or imported from another agent) as the viewer draws it: one
// entry per action with its calls, what each call saw back, its edit and the step's notes.
// Long texts are cut here, head and tail kept, so a run with huge observations still makes a
// message the page can take at once.
import type { ViewerAction, ViewerCall, ViewerNote, ViewerOutcome, ViewerRun } from '../../../src/protocol';
import { actionsOf, type Action, type ActionCall } from '../../../src/trajectory/actions';
import type { ApprovalRecord, Trajectory, TrajectoryEvent, TrajectoryOutcome } from '../../../src/trajectory/format';
import { commandOf } from '../../../src/trajectory/import/calls';

/** Observation characters shown (head and tail); the rest is counted, not sent. */
export const OBSERVATION_LIMIT = 20_000;
/** Diffs, patches, arguments and texts beyond this are cut the same way. */
export const TEXT_LIMIT = 100_000;
const TITLE_LENGTH = 160;

export interface CutText {
  text: string;
  hidden: number;
}

/** Keeps the head and the tail (errors and test summaries sit at the end), marking the cut. */
export function cutMiddle(text: string, limit: number): CutText {
  if (text.length <= limit) return { text, hidden: 0 };
  const head = Math.ceil(limit * 0.6);
  const tail = limit - head;
  const hidden = text.length - head - tail;
  return { text: `${text.slice(0, head)}\n… ${hidden.toLocaleString('en')} characters not shown …\n${text.slice(text.length - tail)}`, hidden };
}

export function viewerRunOf(trajectory: Trajectory, sourceFormat: string): ViewerRun {
  const { header } = trajectory;
  const actions = actionsOf(trajectory);
  const steps = new Set(actions.map((action) => action.index));
  const preamble: ViewerNote[] = [];
  for (const event of trajectory.events) {
    if (steps.has(event.step)) continue;
    const note = noteOf(event);
    if (note) preamble.push(note);
  }
  return {
    header: {
      runId: header.runId,
      taskId: header.task.id,
      taskText: cutMiddle(header.task.text, TEXT_LIMIT).text,
      createdAt: header.createdAt,
      model: header.model.name,
      serverKind: header.model.serverKind,
      agent: header.source.agent,
      sourceFormat,
      toolFormat: header.toolFormat,
      maxSteps: header.maxSteps === null ? null : count(header.maxSteps),
      repository: header.repository.remote,
      commit: header.repository.commit,
      parent: header.parent ? { runId: header.parent.runId, step: count(header.parent.step) } : null,
    },
    preamble,
    actions: actions.map(actionOf),
    outcome: trajectory.outcome ? outcomeOf(trajectory.outcome) : null,
    problems: trajectory.problems,
  };
}

function actionOf(action: Action): ViewerAction {
  const { turn } = action;
  const approvals = new Map<string, ApprovalRecord>();
  for (const event of action.events) if (event.type === 'approval') approvals.set(event.callId, event);
  const notes: ViewerNote[] = [];
  for (const event of action.events) {
    const note = noteOf(event);
    if (note) notes.push(note);
  }
  return {
    step: action.index,
    text: cutMiddle(turn.assistant.content ?? '', TEXT_LIMIT).text,
    reasoning: cutMiddle(turn.reasoning, TEXT_LIMIT).text,
    calls: action.calls.map((entry) => callOf(entry, approvals.get(entry.call.callId) ?? null)),
    notes,
    finishReason: turn.finishReason,
    tokens: turn.usage ? count(turn.usage.totalTokens) : null,
    latencyMs: duration(turn.latencyMs),
  };
}

function callOf(entry: ActionCall, approval: ApprovalRecord | null): ViewerCall {
  const { call, observation, edit } = entry;
  const output = observation ? cutMiddle(observation.output, OBSERVATION_LIMIT) : null;
  return {
    callId: call.callId,
    name: call.name,
    title: callTitle(call.name, call.arguments, call.argumentsText),
    argumentsText: cutMiddle(prettyArguments(call.argumentsText), TEXT_LIMIT).text,
    valid: call.valid,
    invalidReason: call.invalidReason,
    risk: call.risk,
    approval: approval ? { approved: approval.approved, decidedBy: approval.decidedBy, reason: approval.reason } : null,
    observation: observation && output ? {
      output: output.text,
      isError: observation.isError,
      exitCode: intOrNull(observation.exitCode),
      truncated: observation.truncated === true,
      durationMs: duration(observation.durationMs),
      hiddenChars: output.hidden,
    } : null,
    edit: edit ? { path: edit.path, diff: cutMiddle(edit.diff, TEXT_LIMIT).text } : null,
  };
}

/** One line for the call: its command, else the file it works on, else its arguments. */
export function callTitle(name: string, args: Record<string, unknown> | null, argumentsText: string): string {
  const command = commandOf(name, args);
  const path = args ? ['path', 'file', 'file_path', 'filename'].map((key) => args[key]).find((value) => typeof value === 'string') : undefined;
  const text = command ?? (typeof path === 'string' ? path : argumentsText);
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > TITLE_LENGTH ? `${line.slice(0, TITLE_LENGTH - 1)}…` : line;
}

function prettyArguments(text: string): string {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? JSON.stringify(parsed, null, 2) : text;
  } catch {
    return text;
  }
}

/** The note a step shows for an event, or null for the events drawn as calls. */
export function noteOf(event: TrajectoryEvent): ViewerNote | null {
  switch (event.type) {
    case 'user-message':
      if (event.source === 'nudge') return { kind: 'nudge', title: 'Nudge from the loop watch', text: event.text };
      return { kind: 'message', title: event.source === 'user' ? 'User' : 'Reminder from Crux', text: event.text };
    case 'loop-warning': {
      const { finding } = event;
      const steps = finding.fromStep === finding.toStep ? `step ${finding.fromStep}` : `steps ${finding.fromStep}–${finding.toStep}`;
      return { kind: 'warning', title: `Loop ${finding.severity}: ${finding.kind} (${steps})`, text: finding.evidence.summary };
    }
    case 'recovery': {
      const back = event.toStep !== null ? `, back to step ${event.toStep}` : '';
      return { kind: 'recovery', title: `Recovery: ${event.action}`, text: `Chosen by ${event.decidedBy === 'user' ? 'the user' : 'the settings'}${back}.` };
    }
    case 'checkpoint':
      return { kind: 'checkpoint', title: 'Checkpoint', text: event.label };
    case 'rules-added':
      return { kind: 'message', title: 'Project rules given', text: `${event.path} applies to ${event.folder}/; its text came with the result of call ${event.callId}.` };
    case 'error':
      return { kind: 'error', title: event.fatal ? 'Fatal error' : 'Error', text: event.message };
    case 'approval':
      // Denials show on their call; a denial of a call that was never recorded still shows.
      return null;
    default:
      return null;
  }
}

function outcomeOf(outcome: TrajectoryOutcome): ViewerOutcome {
  return {
    end: outcome.end,
    message: outcome.message,
    summary: outcome.summary,
    resolved: outcome.resolved,
    verdict: outcome.verdict,
    test: outcome.test ? {
      command: outcome.test.command,
      passed: outcome.test.passed,
      exitCode: intOrNull(outcome.test.exitCode),
      timedOut: outcome.test.timedOut === true,
      outputTail: cutMiddle(outcome.test.outputTail, TEXT_LIMIT).text,
    } : null,
    emptyPatch: outcome.emptyPatch,
    patch: cutMiddle(outcome.patch, TEXT_LIMIT).text,
    steps: count(outcome.steps),
    invalidToolCalls: count(outcome.invalidToolCalls),
    totalTokens: count(outcome.usage.totalTokens),
  };
}

// Imported files carry numbers as their sources wrote them; the page's validator takes only
// whole, non-negative counts and finite durations.
function count(value: number): number {
  return Number.isFinite(value) ? Math.max(0, Math.round(value)) : 0;
}

function intOrNull(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? Math.round(value) : null;
}

function duration(value: number | null): number | null {
  return value !== null && Number.isFinite(value) && value >= 0 ? value : null;
}
