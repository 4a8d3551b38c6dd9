// Where the user types a task. Run (or Ctrl/Cmd+Enter) starts it; Stop ends the run. The text
// stays in the box until the run has started, so a run that could not start loses nothing.
import type { WebviewMessage } from '../../src/protocol/index';
import { button, h } from '../dom';
import type { PageState, Post } from '../vscode-api';

export class TaskBox {
  readonly element: HTMLElement;
  private readonly input: HTMLTextAreaElement;
  private readonly runButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private running = false;

  /** `compose` turns the text into the message to send (a chat message); `state` keeps the
   * unsent draft across a reload of the view. */
  constructor(
    private readonly post: Post,
    private readonly compose: (task: string) => WebviewMessage = (task) => ({ type: 'start-run', task }),
    private readonly state?: PageState,
  ) {
    this.input = h('textarea', {
      className: 'task-input',
      attrs: { 'id': 'task', 'rows': '3', 'placeholder': 'Describe a task, e.g. "Fix the failing test"', 'aria-label': 'Task for the agent' },
    });
    this.input.value = state?.get<string>('draft') ?? '';
    this.input.addEventListener('input', () => this.state?.set('draft', this.input.value));
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        this.submit();
      }
    });
    this.runButton = button('Run', () => this.submit(), { className: 'primary', attrs: { 'aria-label': 'Run the task' } });
    this.stopButton = button('Stop', () => this.stop(), {
      className: 'danger', attrs: { 'aria-label': 'Stop the run', 'hidden': true },
    });
    const hint = h('span', { className: 'hint muted', text: navigator.platform.startsWith('Mac') ? '⌘+Enter to run' : 'Ctrl+Enter to run' });
    this.element = h('footer', { className: 'task-box' }, this.input, h('div', { className: 'button-row' }, this.runButton, this.stopButton, hint));
  }

  setRunning(running: boolean): void {
    this.running = running;
    this.runButton.disabled = running;
    this.stopButton.hidden = !running;
    this.stopButton.disabled = false;
    this.stopButton.textContent = 'Stop';
    if (!running && document.activeElement === document.body) this.input.focus();
  }

  /** The text area, for helpers such as @-mention autocomplete. */
  get textArea(): HTMLTextAreaElement {
    return this.input;
  }

  focus(): void {
    this.input.focus();
  }

  get hasFocus(): boolean {
    return this.element.contains(document.activeElement);
  }

  /** "Crux: Start Task from Selection": the quoted selection goes below what is typed, and the
   * cursor at the start, for the user to say what to do with it. Nothing starts. */
  prefill(text: string): void {
    const typed = this.input.value.trimEnd();
    this.input.value = `${typed}${text}`;
    this.input.setSelectionRange(typed.length, typed.length);
    this.input.scrollTop = 0;
  }

  /** The run started: its task leaves the box (the transcript shows it now). */
  started(task: string): void {
    if (this.input.value.trim() !== task.trim()) return;
    this.input.value = '';
    this.state?.set('draft', '');
  }

  /** Escape: stops the run when one is going (true), else leaves the key alone. */
  escape(): boolean {
    if (!this.running || this.stopButton.disabled) return false;
    this.stop();
    return true;
  }

  private stop(): void {
    this.post({ type: 'stop-run' });
    // Stopping waits for the model request or command to wind down; say so meanwhile.
    this.stopButton.disabled = true;
    this.stopButton.textContent = 'Stopping…';
  }

  private submit(): void {
    const task = this.input.value.trim();
    if (this.running || task === '') return;
    this.post(this.compose(task));
  }
}
