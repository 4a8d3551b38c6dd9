// One valid sample of every protocol message, typed by the union so that adding a message
// type without a sample here is a compile error.
import type { HostMessage, HostMessageType, ViewState, WebviewMessage, WebviewMessageType } from '../../src/protocol';
import { PROTOCOL_VERSION } from '../../src/protocol';

export const connectedState: ViewState = {
  connection: { status: 'connected', serverUrl: 'http://127.0.0.1:8000/v1', serverKind: 'vllm', model: 'qwen', toolFormat: 'native', server: 'context 32,768 tokens' },
  running: false,
  approvalMode: 'auto-reads',
};

export const viewStates: ViewState[] = [
  connectedState,
  { connection: { status: 'checking', serverUrl: 'http://127.0.0.1:8000/v1' }, running: false, approvalMode: 'ask' },
  {
    connection: {
      status: 'unavailable', serverUrl: 'http://127.0.0.1:8000/v1', error: 'Cannot reach http://127.0.0.1:8000/v1',
      startCommands: [{ label: 'vLLM', command: 'vllm serve X --enable-auto-tool-choice --tool-call-parser hermes' }],
    },
    running: true,
    approvalMode: 'auto-all',
  },
];

export const hostSamples: { readonly [K in HostMessageType]: Extract<HostMessage, { type: K }> } = {
  'init': { type: 'init', protocolVersion: PROTOCOL_VERSION, state: connectedState },
  'state': { type: 'state', state: connectedState },
  'run-started': { type: 'run-started', runId: 'r1', task: 'fix it', model: 'qwen', serverUrl: 'http://x/v1', toolFormat: 'hermes', maxSteps: 50 },
  'model-waiting': { type: 'model-waiting', step: 1 },
  'text-delta': { type: 'text-delta', step: 1, kind: 'content', text: 'Hello' },
  'tool-call': {
    type: 'tool-call', step: 1, callId: 'c1', name: 'read_file', title: 'Read a.ts', argumentsText: '{"path":"a.ts"}', risk: 'read', invalidReason: null,
  },
  'tool-approval': { type: 'tool-approval', callId: 'c1', approved: true, decidedBy: 'policy', reason: null },
  'tool-output': { type: 'tool-output', callId: 'c1', chunk: 'line\n' },
  'tool-result': {
    type: 'tool-result', callId: 'c1', name: 'run_command', output: 'ok', isError: false, exitCode: 0, truncated: false, durationMs: 12.5,
  },
  'edit': { type: 'edit', step: 2, callId: 'c2', path: 'src/a.ts', diff: '--- a\n+++ b\n' },
  'approval-request': { type: 'approval-request', requestId: 'q1', tool: 'edit_file', title: 'Edit a.ts', detail: '@@ -1 +1 @@', risk: 'edit' },
  'approval-closed': { type: 'approval-closed', requestId: 'q1', outcome: 'cancelled' },
  'user-message': { type: 'user-message', step: 3, text: 'Call a tool', source: 'system' },
  'error': { type: 'error', message: 'Server said 500', fatal: false },
  'run-finished': { type: 'run-finished', reason: 'finished', message: 'Done', summary: 'Fixed the bug', steps: 4 },
  'loop-warning': {
    type: 'loop-warning', step: 6, findingId: 'repeated-error:2', kind: 'repeated-error', severity: 'warning', fromStep: 2, toStep: 6,
    summary: 'run_command `node test.js` failed with the same error at steps 2, 4 and 6', steps: [2, 4, 6],
    recoveries: ['nudge', 'rollback', 'stop', 'dismiss'],
  },
  'recovery': { type: 'recovery', step: 6, findingId: 'repeated-error:2', action: 'rollback', decidedBy: 'user', toStep: 1 },
  'run-info': {
    type: 'run-info', runId: 'r2', recording: 'recording', recordingDetail: 'written to /tmp/t/r2.jsonl', checkpoints: true,
    loopPolicy: 'nudge', parent: { runId: 'r1', step: 2 },
  },
  'checkpoint': { type: 'checkpoint', step: 2, callId: 'c2' },
  'rules-added': { type: 'rules-added', runId: 'r2', step: 2, callId: 'c2', path: 'pkg/sub/AGENTS.md', folder: 'pkg/sub', chars: 120, truncated: false },
  'files-restored': { type: 'files-restored', runId: 'r1', step: 2 },
  'consent-request': {
    type: 'consent-request', requestId: 'k1', storage: '/tmp/t', items: ['the task text'], redaction: 'Secrets are replaced.',
    exclusion: 'SWE-bench repositories are never recorded.', options: [{ level: 'off', description: 'nothing is recorded' }],
  },
  'consent-closed': { type: 'consent-closed', requestId: 'k1', outcome: 'local' },
  'verdict-saved': { type: 'verdict-saved', runId: 'r1', verdict: 'accept' },
  'focus-task': { type: 'focus-task', prefill: 'explain this' },
  'loop-paused': { type: 'loop-paused', findingId: 'repeated-error:2' },
  'chat-context': {
    type: 'chat-context', runId: 'r2', mode: 'ask', rules: ['AGENTS.md'], mcpTools: ['mcp__files__read'], mcpProblems: [], attachments: ['@math.js (file, 120 characters)'],
    continues: { runId: 'r1', step: 3 },
  },
  'models': { type: 'models', models: ['qwen3-coder', 'devstral'], current: 'qwen3-coder', error: null },
  'mention-suggestions': { type: 'mention-suggestions', query: 'mat', paths: ['math.js', 'lib/'] },
  'context-usage': { type: 'context-usage', runId: 'r2', step: 3, promptTokens: 1200, completionTokens: 80, runTotalTokens: 3500, contextTokens: 32768 },
  'chat-list': { type: 'chat-list', chats: [{ runId: 'r2', title: 'fix it', end: null, steps: 4, createdAt: '2026-01-01T00:00:00.000Z', running: false }] },
  'chat-transcript': {
    type: 'chat-transcript', chatRunId: 'r2', title: 'fix it', live: false, interrupted: true, notice: null, retryable: [],
    messages: [
      { type: 'run-started', runId: 'r2', task: 'fix it', model: 'm', serverUrl: 'http://127.0.0.1:8000', toolFormat: 'native', maxSteps: 30 },
      { type: 'text-delta', step: 1, kind: 'content', text: 'Reading.' },
    ],
  },
};

export const webviewSamples: { readonly [K in WebviewMessageType]: Extract<WebviewMessage, { type: K }> } = {
  'ready': { type: 'ready', protocolVersion: PROTOCOL_VERSION, chatRunId: null },
  'start-run': { type: 'start-run', task: 'fix the failing test' },
  'stop-run': { type: 'stop-run' },
  'approval-answer': { type: 'approval-answer', requestId: 'q1', decision: 'approve-always', reason: null },
  'open-diff': { type: 'open-diff', path: 'src/a.ts', diff: '@@ -1 +1 @@\n-a\n+b\n' },
  'check-connection': { type: 'check-connection' },
  'show-log': { type: 'show-log' },
  'loop-recovery': { type: 'loop-recovery', runId: 'r1', findingId: 'repeated-error:2', action: 'rollback' },
  'restore-checkpoint': { type: 'restore-checkpoint', runId: 'r1', callId: 'c2' },
  'retry-from-step': { type: 'retry-from-step', runId: 'r1', step: 3 },
  'consent-answer': { type: 'consent-answer', requestId: 'k1', level: 'share' },
  'run-verdict': { type: 'run-verdict', runId: 'r1', verdict: 'reject' },
  'code-action': { type: 'code-action', action: 'insert', code: 'return a + b;' },
  'view-focus': { type: 'view-focus', focused: true },
  'chat-send': { type: 'chat-send', text: 'and the other test?', mode: 'act', continueRunId: 'r1' },
  'chat-list-request': { type: 'chat-list-request' },
  'mention-suggest': { type: 'mention-suggest', query: 'mat' },
  'models-request': { type: 'models-request' },
  'chat-open': { type: 'chat-open', runId: 'r2' },
  'chat-resume': { type: 'chat-resume', runId: 'r2' },
  'choose-model': { type: 'choose-model', model: 'qwen3-coder' },
};
