// The small parts a run gets beyond its transcript: the line saying how it is recorded (and,
// for a retry, where it branched), the buttons on a tool card to restore files or retry from its
// step, and the verdict buttons on a finished, recorded run.
import type { RunInfoMessage, Verdict } from '../../src/protocol/index';
import { button, h } from '../dom';
import type { Post } from '../vscode-api';

export function runInfoLine(info: RunInfoMessage): HTMLElement {
  const parts: Node[] = [];
  if (info.parent) parts.push(h('span', { className: 'run-branch', text: `↳ Retry from step ${info.parent.step + 1} of an earlier run · ` }));
  // The file's path is long: it goes in the tooltip, the line just says the run is recorded.
  const text = info.recording === 'recording' ? 'Recorded' : info.recordingDetail;
  parts.push(h('span', { className: `recording recording-${info.recording}`, text, attrs: { title: info.recordingDetail } }));
  // A run drawn again from its recording: how it was watched is not recorded, so not said.
  if (info.loopPolicy !== '') parts.push(h('span', { text: ` · loop watch: ${info.loopPolicy}${info.checkpoints ? ' · checkpoints on' : ' · no checkpoints'}` }));
  return h('div', { className: 'run-info muted small', attrs: { 'data-recording': info.recording } }, ...parts);
}

/** "Restore files to before this step", asking inline first. */
export function restoreButton(runId: string, callId: string, step: number, post: Post): HTMLElement {
  return confirming({
    label: 'Restore files to before this step', aria: `Restore the files to before step ${step}`, kind: 'restore',
    question: `Restore the files to how they were before step ${step}?`,
    detail: 'Files changed since then go back, files created since then are removed (ignored files stay). ' +
      'The files as they are now are saved as a checkpoint first.',
    action: 'Restore',
    onConfirm: () => post({ type: 'restore-checkpoint', runId, callId }),
  });
}

/** "Retry from here": a new run takes this step again, asking inline first. */
export function retryButton(runId: string, step: number, checkpoints: boolean, post: Post): HTMLElement {
  const files = checkpoints
    ? `The files go back to how they were when step ${step} began (the files as they are now are saved as a checkpoint first).`
    : 'This run had no checkpoints, so the files stay as they are.';
  return confirming({
    label: 'Retry from here', aria: `Retry from step ${step} as a new run`, kind: 'retry',
    question: `Retry from step ${step}?`,
    detail: `${files} A new run then takes step ${step} again with the same conversation, recorded as a branch of this run.`,
    action: 'Retry',
    onConfirm: () => post({ type: 'retry-from-step', runId, step }),
  });
}

interface Confirming {
  label: string;
  aria: string;
  kind: string;
  question: string;
  detail: string;
  action: string;
  onConfirm(): void;
}

/** A button that first opens a small question in place: the action, or cancel. */
function confirming(spec: Confirming): HTMLElement {
  const close = (focus: HTMLElement) => {
    box.hidden = true;
    trigger.hidden = false;
    focus.focus();
  };
  const trigger = button(spec.label, () => {
    trigger.hidden = true;
    box.hidden = false;
    confirm.focus();
  }, { className: 'secondary small', attrs: { 'aria-label': spec.aria, 'data-action': spec.kind } });
  const confirm = button(spec.action, () => {
    close(trigger);
    spec.onConfirm();
  }, { className: 'primary small', attrs: { 'data-confirm': spec.kind } });
  const cancel = button('Cancel', () => close(trigger), { className: 'secondary small' });
  const box = h('div', { className: 'confirm-box', attrs: { 'hidden': true, 'role': 'group', 'aria-label': spec.question } },
    h('strong', { text: spec.question }), h('p', { className: 'muted small', text: spec.detail }), h('div', { className: 'button-row' }, confirm, cancel));
  return h('div', { className: 'confirming' }, trigger, box);
}

/** Accept / reject a recorded run; the choice is saved in its trajectory. */
export class VerdictButtons {
  readonly element: HTMLElement;
  private readonly accept: HTMLButtonElement;
  private readonly reject: HTMLButtonElement;

  constructor(runId: string, post: Post) {
    const send = (verdict: Verdict) => {
      this.accept.disabled = true;
      this.reject.disabled = true;
      post({ type: 'run-verdict', runId, verdict });
    };
    this.accept = button('✓ Accept', () => send('accept'), { className: 'secondary small', attrs: { 'aria-label': 'Accept what this run did', 'data-verdict': 'accept' } });
    this.reject = button('✗ Reject', () => send('reject'), { className: 'secondary small', attrs: { 'aria-label': 'Reject what this run did', 'data-verdict': 'reject' } });
    this.element = h('div', { className: 'verdict button-row' }, h('span', { className: 'muted small', text: 'Your verdict (saved in the recording):' }), this.accept, this.reject);
  }

  saved(verdict: Verdict): void {
    this.element.dataset.verdict = verdict;
    this.accept.disabled = false;
    this.reject.disabled = false;
    this.accept.classList.toggle('chosen', verdict === 'accept');
    this.reject.classList.toggle('chosen', verdict === 'reject');
  }
}
