// The loop-banner, checkpoint/branch and consent messages reject what the view or the host
// must not act on: unknown severities and recoveries, malformed branch links, unknown levels.
import assert from 'node:assert/strict';
import { isHostMessage, isWebviewMessage } from '../../src/protocol';
import { hostSamples, webviewSamples } from './samples';

function withField(message: object, field: string, value: unknown): Record<string, unknown> {
  return { ...message, [field]: value };
}

describe('protocol: loop banners, checkpoints, branches and consent', () => {
  it('rejects wrong field values from the host', () => {
    const bad: [object, string, unknown][] = [
      [hostSamples['loop-warning'], 'severity', 'panic'],
      [hostSamples['loop-warning'], 'recoveries', ['nudge', 'explode']],
      [hostSamples['loop-warning'], 'steps', [2, -1]],
      [hostSamples['recovery'], 'toStep', '1'],
      [hostSamples['recovery'], 'decidedBy', 'model'],
      [hostSamples['run-info'], 'parent', { runId: '', step: 1 }],
      [hostSamples['run-info'], 'parent', { runId: 'r1', step: 1, extra: true }],
      [hostSamples['run-info'], 'recording', 'maybe'],
      [hostSamples['consent-request'], 'options', [{ level: 'everything', description: 'x' }]],
      [hostSamples['consent-closed'], 'outcome', 'later'],
      [hostSamples['verdict-saved'], 'verdict', 'meh'],
    ];
    for (const [sample, field, value] of bad) assert.equal(isHostMessage(withField(sample, field, value)), false, `${field}=${JSON.stringify(value)}`);
    assert.ok(isHostMessage(withField(hostSamples['run-info'], 'parent', null)), 'a run of its own has no parent');
  });

  it('rejects wrong field values from the webview', () => {
    const bad: [object, string, unknown][] = [
      [webviewSamples['loop-recovery'], 'action', 'undo'],
      [webviewSamples['loop-recovery'], 'runId', ''],
      [webviewSamples['retry-from-step'], 'step', 1.5],
      [webviewSamples['restore-checkpoint'], 'callId', 3],
      [webviewSamples['consent-answer'], 'level', 'everything'],
      [webviewSamples['run-verdict'], 'verdict', 'maybe'],
    ];
    for (const [sample, field, value] of bad) assert.equal(isWebviewMessage(withField(sample, field, value)), false, `${field}=${JSON.stringify(value)}`);
  });
});
