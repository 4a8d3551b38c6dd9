// `crux show` output: a run as text a person can skim. One header block, then each action
// (its text shortened to one line, each tool call with its arguments, the observation cut to
// the width, edits as a diff stat or the diff itself, messages, warnings and errors), then
// the outcome and any problems found while reading the file.
import { commandOf } from '../trajectory/import/calls';
import { actionsOf, type Action } from '../trajectory/actions';
import type { Trajectory, TrajectoryEvent } from '../trajectory/format';
import { diffStat } from '../tools/file-edit';
import { commandBody } from '../trajectory/replay-normalize';

export interface RenderOptions {
  /** Characters per line. */
  width: number;
  /** Print edits and the final patch as diffs instead of stats. */
  diff: boolean;
  /** Lines of each observation to show. */
  observationLines: number;
}

export interface RenderableRun {
  file: string;
  index: number;
  format: string;
  trajectory: Trajectory;
}

export function renderRun(run: RenderableRun, options: RenderOptions): string[] {
  const { header, outcome } = run.trajectory;
  const width = Math.max(40, options.width);
  const actions = actionsOf(run.trajectory);
  const calls = actions.reduce((sum, action) => sum + action.calls.length, 0);
  const failed = actions.reduce((sum, action) => sum + action.calls.filter((call) => call.observation?.isError).length, 0);
  const where = run.index > 0 ? `${run.file} #${run.index}` : run.file;
  const lines = [
    clip(`run ${header.runId} (${header.source.agent}, ${run.format}) from ${where}`, width),
    field('task', `${header.task.id}: ${oneLine(firstLines(header.task.text))}`, width),
    field('model', `${header.model.name} · tools: ${header.tools.map((tool) => tool.name).join(', ') || 'none'} · created ${header.createdAt}`, width),
    field('actions', `${actions.length} · tool calls ${calls} · failed ${failed} · invalid ${outcome?.invalidToolCalls ?? 0}${usage(run.trajectory)}`, width),
    '',
  ];
  for (const action of actions) lines.push(...renderAction(action, width, options));
  lines.push('', ...renderOutcome(run.trajectory, width, options));
  const problems = run.trajectory.problems;
  if (problems.length > 0) lines.push(...problems.map((problem, i) => field(i === 0 ? 'warnings' : '', problem, width)));
  return lines;
}

function renderAction(action: Action, width: number, options: RenderOptions): string[] {
  const text = action.turn.assistant.content ?? '';
  const lines = [clip(`#${action.index}  ${text.trim() === '' ? '(no text)' : oneLine(text)}`, width)];
  for (const entry of action.calls) {
    const call = entry.call;
    const command = commandOf(call.name, call.arguments);
    const shown = command !== undefined ? `${call.name}  ${oneLine(command)}${lineCount(command)}` : `${call.name} ${call.argumentsText}`;
    lines.push(clip(`    ${call.valid ? '' : '(invalid) '}${shown}`, width));
    if (!call.valid && call.invalidReason) lines.push(clip(`      ! ${call.invalidReason}`, width));
    const observation = entry.observation;
    if (observation) {
      const status = [observation.exitCode !== null ? `exit ${observation.exitCode}` : '', observation.isError ? 'error' : '', observation.truncated ? 'truncated' : '']
        .filter(Boolean).join(', ');
      // Crux's run_command puts "Exit code" and "Output:" above the output; the status says it.
      const text = call.name === 'run_command' ? commandBody(observation.output) : observation.output;
      const body = text.replace(/\r\n?/g, '\n').split('\n').filter((line) => line.trim() !== '');
      lines.push(clip(`      -> ${status ? `[${status}] ` : ''}${body.length === 0 ? '(no output)' : body[0]}`, width));
      for (const line of body.slice(1, options.observationLines)) lines.push(clip(`         ${line}`, width));
      if (body.length > options.observationLines) lines.push(`         (${body.length - options.observationLines} more lines)`);
    }
    if (entry.edit) {
      lines.push(clip(`      ~ ${entry.edit.path} ${diffStat(entry.edit.diff)}`, width));
      if (options.diff) lines.push(...entry.edit.diff.trimEnd().split('\n').map((line) => clip(`        ${line}`, width)));
    }
  }
  for (const event of action.events) {
    const note = eventNote(event);
    if (note) lines.push(clip(`    ${note}`, width));
  }
  return lines;
}

function eventNote(event: TrajectoryEvent): string | null {
  switch (event.type) {
    case 'user-message':
      return `${event.source === 'user' ? '> user' : event.source === 'nudge' ? '> nudge' : '> system'}: ${oneLine(event.text)}`;
    case 'loop-warning':
      return `!! loop ${event.finding.severity} (${event.finding.kind}, steps ${event.finding.fromStep}-${event.finding.toStep}): ${event.finding.evidence.summary}`;
    case 'recovery':
      return `!! recovery: ${event.action} (${event.decidedBy})`;
    case 'error':
      return `! ${event.fatal ? 'fatal error' : 'error'}: ${oneLine(event.message)}`;
    case 'approval':
      return event.approved ? null : `! denied${event.reason ? `: ${oneLine(event.reason)}` : ''}`;
    case 'rules-added':
      return `+ rules: ${event.path} applies to ${event.folder}/ (given with the result of ${event.callId})`;
    default:
      return null;
  }
}

function renderOutcome(trajectory: Trajectory, width: number, options: RenderOptions): string[] {
  const outcome = trajectory.outcome;
  if (!outcome) return [field('outcome', 'none recorded (the run did not end cleanly)', width)];
  const resolved = outcome.resolved === null ? 'unknown' : outcome.resolved ? 'yes' : 'no';
  const patch = outcome.patch.trim() === '' ? (outcome.emptyPatch ? 'empty' : 'not recorded') : patchStat(outcome.patch);
  const lines = [
    field('outcome', `${outcome.end}: ${oneLine(outcome.message)}`, width),
    field('', `resolved: ${resolved} · patch: ${patch}${outcome.test ? ` · tests ${outcome.test.passed ? 'passed' : 'failed'}` : ''}${outcome.verdict ? ` · verdict ${outcome.verdict}` : ''}`, width),
  ];
  if (outcome.summary) lines.push(field('summary', oneLine(outcome.summary), width));
  if (options.diff && outcome.patch.trim() !== '') lines.push(...outcome.patch.replace(/\r\n/g, '\n').trimEnd().split('\n').map((line) => clip(`  ${line}`, width)));
  return lines;
}

function usage(trajectory: Trajectory): string {
  const total = trajectory.outcome?.usage;
  if (!total || total.totalTokens === 0) return '';
  return ` · tokens ${total.promptTokens.toLocaleString('en')} in / ${total.completionTokens.toLocaleString('en')} out`;
}

function patchStat(patch: string): string {
  const files = new Set(patch.split('\n').filter((line) => line.startsWith('diff --git ')).map((line) => line.trim())).size;
  return `${files || 1} file${files === 1 ? '' : 's'}, ${diffStat(patch)}`;
}

function field(label: string, value: string, width: number): string {
  return clip(`${label.padEnd(9)} ${value}`, width);
}

function firstLines(text: string): string {
  return text.trim().split('\n').slice(0, 3).join(' ');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function lineCount(text: string): string {
  const count = text.trim().split('\n').length;
  return count > 1 ? `  (${count} lines)` : '';
}

/** Cuts a line to the width, marking the cut. */
export function clip(line: string, width: number): string {
  return line.length <= width ? line : `${line.slice(0, Math.max(0, width - 1))}…`;
}
