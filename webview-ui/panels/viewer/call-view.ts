// One tool call of an action: what was called, whether it was allowed, what it saw back
// (collapsed when long, with its first line as a preview) and the edit it made, as a diff.
import type { ViewerCall } from '../../../src/protocol/index';
import { formatDuration, h } from '../../dom';
import { diffLines } from '../../components/diff-view';
import { lineCount, plural } from '../format';
import type { OpenState } from './open-state';
import { startsOpen } from './row-estimate';

export function callView(call: ViewerCall, key: string, open: OpenState): HTMLElement {
  const status = callStatus(call);
  const header = h('header', { className: 'tool-header' },
    h('span', { className: 'tool-name', text: call.name }),
    h('span', { className: 'tool-title', text: call.title, attrs: { title: call.title } }),
    h('span', { className: `badge badge-${status.tone}`, text: status.text }));
  const parts: Node[] = [header, open.details(`${key}:args`, false, 'tool-args', [h('span', { text: 'Arguments' })], h('pre', { text: call.argumentsText }))];
  if (call.invalidReason) parts.push(h('p', { className: 'tool-invalid', text: `Invalid call: ${call.invalidReason}` }));
  if (call.approval && (call.approval.decidedBy === 'user' || !call.approval.approved)) {
    const who = call.approval.decidedBy === 'user' ? 'the user' : 'the settings';
    const what = `${call.approval.approved ? 'Approved' : 'Denied'} by ${who}${call.approval.reason ? `: ${call.approval.reason}` : ''}`;
    parts.push(h('p', { className: 'tool-approval muted', text: what }));
  }
  if (call.observation) parts.push(observationView(call, key, open));
  if (call.edit) parts.push(editView(call.edit.path, call.edit.diff, key, open));
  return h('section', { className: `tool-card call risk-${call.risk}`, attrs: { 'data-status': status.tone, 'aria-label': `${call.name}: ${call.title}` } }, ...parts);
}

function callStatus(call: ViewerCall): { text: string; tone: string } {
  if (!call.valid) return { text: 'invalid', tone: 'invalid' };
  if (call.approval && !call.approval.approved) return { text: 'denied', tone: 'denied' };
  const observation = call.observation;
  if (!observation) return { text: 'no result', tone: 'waiting' };
  if (observation.isError) return { text: observation.exitCode !== null ? `exit ${observation.exitCode}` : 'failed', tone: 'failed' };
  return { text: observation.exitCode !== null ? `exit ${observation.exitCode}` : 'done', tone: 'ok' };
}

function observationView(call: ViewerCall, key: string, open: OpenState): HTMLElement {
  const observation = call.observation as NonNullable<ViewerCall['observation']>;
  const lines = lineCount(observation.output);
  const facts = [
    plural(lines, 'line'),
    observation.durationMs !== null ? formatDuration(observation.durationMs) : '',
    observation.truncated ? 'cut by the tool' : '',
    observation.hiddenChars > 0 ? `${observation.hiddenChars.toLocaleString('en')} characters not shown` : '',
  ].filter((fact) => fact !== '');
  const startOpen = startsOpen(observation.output);
  const preview = startOpen ? '' : (observation.output.split('\n').find((line) => line.trim() !== '') ?? '').slice(0, 160);
  const summary = [
    h('span', { text: observation.isError ? 'Observation (error)' : 'Observation' }),
    h('span', { className: 'muted', text: ` · ${facts.join(' · ')}` }),
    ...(preview ? [h('span', { className: 'observation-preview', text: preview })] : []),
  ];
  const body = observation.output === '' ? h('p', { className: 'muted', text: '(no output)' }) : h('pre', { className: 'observation-output', text: observation.output, attrs: { tabindex: '-1' } });
  return open.details(`${key}:obs`, startOpen || (observation.isError && lines <= 40), `observation${observation.isError ? ' observation-error' : ''}`, summary, body);
}

function editView(path: string, diff: string, key: string, open: OpenState): HTMLElement {
  let added = 0;
  let removed = 0;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+') && !line.startsWith('+++')) added++;
    else if (line.startsWith('-') && !line.startsWith('---')) removed++;
  }
  const summary = [h('span', { className: 'edit-path', text: path }), h('span', { className: 'muted', text: ` +${added} −${removed}` })];
  const body = diff.trim() === '' ? h('p', { className: 'muted', text: 'No change to the content.' }) : diffLines(diff);
  return open.details(`${key}:edit`, startsOpen(diff), 'edit edit-details', summary, body);
}
