// The page: connection status on top, the transcript in the middle, the task box below.
// Each host message type has its handler here; the components do the rendering.
import type { HostMessage, HostMessageOf, HostMessageType } from '../src/protocol/index';
import { ChatBar, chatContextLine } from './components/chat-bar';
import { ChatList } from './components/chat-list';
import { ContextMeter } from './components/context-meter';
import { MentionAutocomplete } from './components/mention-autocomplete';
import { ModelPicker } from './components/model-picker';
import { ConnectionStatus } from './components/connection-status';
import { TaskBox } from './components/task-box';
import { Transcript } from './components/transcript';
import { pageState, type Post } from './vscode-api';

type HostHandlers = { readonly [K in HostMessageType]: (message: HostMessageOf<K>) => void };

export class App {
  private readonly connection: ConnectionStatus;
  private readonly transcript: Transcript;
  private readonly taskBox: TaskBox;
  private readonly chatBar: ChatBar;
  private readonly handlers: HostHandlers;

  constructor(root: HTMLElement, post: Post) {
    this.connection = new ConnectionStatus(post);
    this.transcript = new Transcript(post);
    const state = pageState();
    const picker = new ModelPicker(post);
    this.chatBar = new ChatBar(state, () => this.transcript.newChat(), [picker.element]);
    this.taskBox = new TaskBox(post, (text) => this.chatBar.compose(text), state);
    const chatList = new ChatList((chat) => {
      this.chatBar.openChat(chat.runId, chat.title);
      this.taskBox.focus();
    });
    const meter = new ContextMeter();
    const mentions = new MentionAutocomplete(this.taskBox.textArea, post);
    root.append(this.connection.element, this.transcript.element, chatList.element, meter.element, this.chatBar.element, mentions.element, this.taskBox.element);
    post({ type: 'chat-list-request' });
    const transcript = this.transcript;
    this.handlers = {
      'init': (message) => this.applyState(message.state),
      'state': (message) => this.applyState(message.state),
      'run-started': (message) => {
        this.taskBox.setRunning(true);
        this.chatBar.runStarted(message);
        transcript.runStarted(message);
      },
      'text-delta': (message) => transcript.textDelta(message),
      'tool-call': (message) => transcript.toolCall(message),
      'tool-approval': (message) => transcript.toolApproval(message),
      'tool-output': (message) => transcript.toolOutput(message),
      'tool-result': (message) => transcript.toolResult(message),
      'edit': (message) => transcript.edit(message),
      'approval-request': (message) => transcript.approvalRequest(message),
      'approval-closed': (message) => transcript.approvalClosed(message),
      'user-message': (message) => transcript.userMessage(message),
      'error': (message) => transcript.error(message),
      'run-finished': (message) => {
        transcript.runFinished(message);
        post({ type: 'chat-list-request' });
      },
      'run-info': (message) => transcript.runInfo(message),
      'checkpoint': (message) => transcript.checkpoint(message),
      'files-restored': (message) => transcript.filesRestored(message),
      'loop-warning': (message) => transcript.loopWarning(message),
      'recovery': (message) => transcript.recovery(message),
      'consent-request': (message) => transcript.consentRequest(message),
      'consent-closed': (message) => transcript.consentClosed(message),
      'verdict-saved': (message) => transcript.verdictSaved(message),
      'chat-context': (message) => transcript.addToRun(message.runId, chatContextLine(message)),
      'chat-list': (message) => chatList.render(message),
      'context-usage': (message) => meter.update(message),
      'mention-suggestions': (message) => mentions.suggestions(message),
      'models': (message) => picker.render(message),
    };
    this.taskBox.focus();
  }

  handle(message: HostMessage): void {
    // The table's type pairs each handler with its own message type.
    const handler = this.handlers[message.type] as (message: HostMessage) => void;
    handler(message);
  }

  private applyState(state: HostMessageOf<'state'>['state']): void {
    this.connection.render(state);
    this.taskBox.setRunning(state.running);
  }
}
