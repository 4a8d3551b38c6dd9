// A conversation shown again in the agent view: its runs rebuilt as the host messages their live
// runs sent (run-started, text, tool cards, edits, notices, the ending), from their trajectories
// or this window's memory of them. The page draws them with the same components as a live run,
// so a reloaded or reopened chat looks as it did. Pure (no vscode), unit-tested in Node.
//
// What is not shown again: approval questions (their answers are on the cards), checkpoints'
// Restore buttons (the checkpoints belong to the window that took them), streamed output of
// commands that finished (their result is shown). Long texts are cut, head and tail kept, and
// a long chat shows its latest runs only, so the message stays bounded.
import type { AgentEvent } from '../../src/agent/events';
import type { ChatTranscriptMessage, HostMessage } from '../../src/protocol';
import type { RunReader } from '../../src/trajectory/continuation';
import type { Trajectory, TrajectoryEvent } from '../../src/trajectory/format';
import { callTitle, cutMiddle, OBSERVATION_LIMIT, TEXT_LIMIT } from '../panels/viewer/viewer-model';
import { toHostMessage } from '../run/to-host-message';
import type { InProgress } from './run-memory';

/** Runs of one chat followed back through their parents (a cycle or a very long chat stops here). */
export const MAX_CHAIN = 100;
/** Characters of all runs' messages together; the oldest runs beyond it are left out. */
export const TRANSCRIPT_BUDGET = 3_000_000;

/** A run of the chat and what else the view needs of it. */
export interface ChatRun {
  trajectory: Trajectory;
  /** Recorded in the store (a verdict can be given), or only in this window's memory. */
  recorded: boolean;
  /** The host messages sent when it started (run-info, chat-context), when this window ran it. */
  started?: readonly HostMessage[];
  /** It is still running here: what it showed beyond its records. */
  inProgress?: InProgress | null;
}

/** The chat's runs, oldest first, from its latest run back through `header.parent`. A parent
 * that cannot be read ends the chain there (`missing` says which). */
export async function chatChain(latest: Trajectory, read: RunReader): Promise<{ runs: Trajectory[]; missing: string | null }> {
  const runs = [latest];
  const seen = new Set([latest.header.runId]);
  let parent = latest.header.parent;
  while (parent && runs.length < MAX_CHAIN && !seen.has(parent.runId)) {
    seen.add(parent.runId);
    try {
      runs.unshift(await read(parent.runId));
    } catch {
      return { runs, missing: parent.runId };
    }
    parent = runs[0]?.header.parent ?? null;
  }
  return { runs, missing: null };
}

export function chatTranscript(runs: readonly ChatRun[], options: { live: boolean; missing?: string | null }): ChatTranscriptMessage {
  const latest = runs.at(-1);
  if (!latest) return { type: 'chat-transcript', chatRunId: null, title: '', messages: [], live: false, interrupted: false, notice: null, retryable: [] };
  const perRun = runs.map((run, index) => runMessages(run, options.live && index === runs.length - 1));
  // The latest runs that fit the budget are shown (the latest always); older ones are left out.
  let omitted = perRun.length;
  let size = 0;
  while (omitted > 0) {
    const next = JSON.stringify(perRun[omitted - 1]).length;
    if (size + next > TRANSCRIPT_BUDGET && omitted < perRun.length) break;
    size += next;
    omitted--;
  }
  const notices: string[] = [];
  if (options.missing) notices.push(`An earlier run of this chat (${options.missing.slice(0, 8)}) could not be read; the chat is shown from the run after it.`);
  if (omitted > 0) notices.push(`The ${omitted === 1 ? 'first run' : `first ${omitted} runs`} of this long chat ${omitted === 1 ? 'is' : 'are'} not shown; the model still gets the whole conversation.`);
  return {
    type: 'chat-transcript',
    chatRunId: latest.trajectory.header.runId,
    title: runs[0]?.trajectory.header.task.text ?? '',
    messages: perRun.slice(omitted).flat(),
    live: options.live,
    interrupted: !options.live && latest.trajectory.outcome === null,
    notice: notices.length > 0 ? notices.join(' ') : null,
    retryable: runs.filter((run) => run.started).map((run) => run.trajectory.header.runId),
  };
}

function runMessages(run: ChatRun, live: boolean): HostMessage[] {
  const { header, events, outcome } = run.trajectory;
  const messages: HostMessage[] = [{
    type: 'run-started', runId: header.runId, task: cut(header.task.text), model: header.model.name, serverUrl: header.model.serverUrl ?? '',
    toolFormat: header.toolFormat ?? 'native', maxSteps: header.maxSteps ?? 0,
  }];
  messages.push(...(run.started ?? startedFromRecord(run)));
  for (const event of events) messages.push(...eventMessages(event, header.runId));
  if (!run.started) messages.push(...usageOf(run.trajectory));
  const now = live ? run.inProgress : null;
  if (now) {
    if (now.reasoning) messages.push({ type: 'text-delta', step: now.step, kind: 'reasoning', text: cut(now.reasoning) });
    if (now.content) messages.push({ type: 'text-delta', step: now.step, kind: 'content', text: cut(now.content) });
    for (const [callId, chunk] of now.outputs) messages.push({ type: 'tool-output', callId, chunk });
  }
  if (outcome) {
    messages.push({ type: 'run-finished', reason: outcome.end, message: cut(outcome.message), summary: outcome.summary === null ? null : cut(outcome.summary), steps: count(outcome.steps) });
  }
  return messages;
}

/** What a recorded run's header says of how it was run (its live run-info and chat-context). */
function startedFromRecord(run: ChatRun): HostMessage[] {
  const { header } = run.trajectory;
  return [
    {
      type: 'run-info', runId: header.runId, recording: run.recorded ? 'recording' : 'off',
      recordingDetail: run.recorded ? 'Recorded' : 'Not recorded (kept in this window only)', checkpoints: false, loopPolicy: '', parent: null,
    },
    {
      type: 'chat-context', runId: header.runId, mode: header.mode ?? 'act', rules: (header.rules ?? []).map((rule) => rule.path),
      mcpTools: header.tools.map((tool) => tool.name).filter((name) => name.startsWith('mcp__')), mcpProblems: [], attachments: [],
      continues: header.parent ? { runId: header.parent.runId, step: count(header.parent.step) } : null,
    },
  ];
}

/** The meter as the run's last measured turn left it. */
function usageOf({ header, events }: Trajectory): HostMessage[] {
  let total = 0;
  let last: HostMessage | null = null;
  for (const event of events) {
    if (event.type !== 'model-turn' || !event.usage) continue;
    total += count(event.usage.totalTokens);
    last = {
      type: 'context-usage', runId: header.runId, step: event.step, promptTokens: count(event.usage.promptTokens),
      completionTokens: count(event.usage.completionTokens), runTotalTokens: total, contextTokens: count(header.model.server?.contextTokens ?? 0),
    };
  }
  return last ? [last] : [];
}

function eventMessages(event: TrajectoryEvent, runId: string): HostMessage[] {
  switch (event.type) {
    case 'model-turn': {
      const messages: HostMessage[] = [];
      if (event.reasoning) messages.push({ type: 'text-delta', step: event.step, kind: 'reasoning', text: cut(event.reasoning) });
      const content = event.assistant.content ?? '';
      if (content.trim() !== '') messages.push({ type: 'text-delta', step: event.step, kind: 'content', text: cut(content) });
      return messages;
    }
    case 'tool-call':
      return [{
        type: 'tool-call', step: event.step, callId: event.callId, name: event.name, title: callTitle(event.name, event.arguments, event.argumentsText),
        argumentsText: cut(event.argumentsText), risk: event.risk, invalidReason: event.valid ? null : (event.invalidReason ?? 'invalid tool call'),
      }];
    case 'approval':
      return [{ type: 'tool-approval', callId: event.callId, approved: event.approved, decidedBy: event.decidedBy, reason: event.reason }];
    case 'observation':
      return [{
        type: 'tool-result', callId: event.callId, name: event.name, output: cutMiddle(event.output, OBSERVATION_LIMIT).text, isError: event.isError,
        exitCode: event.exitCode, truncated: event.truncated, durationMs: Math.max(0, event.durationMs ?? 0),
      }];
    case 'edit':
      return [{ type: 'edit', step: event.step, callId: event.callId, path: event.path, diff: cut(event.diff) }];
    case 'user-message':
    case 'loop-warning':
    case 'error': {
      const message = toHostMessage(asEvent(event));
      return message ? [message] : [];
    }
    case 'recovery':
      return [{ type: 'recovery', step: event.step, findingId: event.findingId, action: event.action, decidedBy: event.decidedBy, toStep: event.toStep }];
    case 'rules-added':
      return [{ type: 'rules-added', runId, step: event.step, callId: event.callId, path: event.path, folder: event.folder, chars: event.chars, truncated: event.truncated }];
    case 'checkpoint':
      return [];
  }
}

/** The agent event a record was written from, for the events the view shows as they were. */
function asEvent(event: Extract<TrajectoryEvent, { type: 'user-message' | 'loop-warning' | 'error' }>): AgentEvent {
  switch (event.type) {
    case 'user-message':
      return { type: 'user-message', step: event.step, text: cut(event.text), source: event.source };
    case 'loop-warning':
      return { type: 'loop-warning', step: event.step, finding: event.finding };
    case 'error':
      return { type: 'error', step: event.step, message: cut(event.message), fatal: event.fatal };
  }
}

function cut(text: string): string {
  return cutMiddle(text, TEXT_LIMIT).text;
}

function count(value: number): number {
  return Number.isFinite(value) ? Math.max(0, Math.round(value)) : 0;
}
