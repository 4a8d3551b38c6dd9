// Each source format's quirks, on small hand-written samples (the shapes come from the real
// files in eval-data and the formats' documentation).
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { actionsOf } from '../../../src/trajectory/actions';
import { loadRuns, type LoadedRun } from '../../../src/trajectory/import';
import { tempDir } from './helpers';

let dir: { path: string; remove(): void };
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

function write(name: string, value: unknown): string {
  const path = join(dir.path, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

async function loadOne(name: string, value: unknown): Promise<LoadedRun> {
  const { runs, errors } = await loadRuns([write(name, value)]);
  assert.deepEqual(errors, []);
  assert.equal(runs.length, 1);
  return runs[0] as LoadedRun;
}

const bash = (thought: string, command: string) => ({ role: 'assistant', content: `THOUGHT: ${thought}\n\n\`\`\`bash\n${command}\n\`\`\`` });

describe('mini-swe-agent', () => {
  it('maps bash blocks to bash calls, format errors to system replies, and parses observations', async () => {
    const run = await loadOne('task-1.traj.json', {
      trajectory_format: 'mini-swe-agent-1', instance_id: 'org__repo-1',
      info: { exit_status: 'Submitted', submission: 'diff --git a/x b/x\n', config: { model: { model_name: 'm', model_kwargs: { temperature: 0 } }, agent: { step_limit: 250 } } },
      messages: [
        { role: 'system', content: 'sys' }, { role: 'user', content: 'fix it' },
        bash('look', 'ls'), { role: 'user', content: '<returncode>0</returncode>\n<output>\na\nb\n</output>' },
        { role: 'assistant', content: 'two\n```bash\nls\n```\n```bash\npwd\n```' }, { role: 'user', content: 'Please always provide EXACTLY ONE action in triple backticks, found 2 actions.' },
        bash('big', 'cat big'), { role: 'user', content: '<returncode>1</returncode>\n<warning>long</warning>\n<output_head>\nhead\n</output_head>\n<elided_chars>\n500 characters elided\n</elided_chars>\n<output_tail>\ntail\n</output_tail>' },
        bash('submit', 'echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && git diff'), { role: 'user', content: 'diff --git a/x b/x\n' },
      ],
    });
    assert.equal(run.format, 'mini-swe-agent');
    const actions = actionsOf(run.trajectory);
    assert.equal(actions.length, 4);
    assert.deepEqual(actions[0]?.calls.map((c) => [c.call.name, c.call.arguments, c.observation?.output, c.observation?.exitCode]), [['bash', { command: 'ls' }, 'a\nb', 0]]);
    assert.equal(actions[1]?.calls.length, 0);
    assert.ok(actions[1]?.events.some((e) => e.type === 'user-message' && e.source === 'system' && e.text.startsWith('Please always')));
    const big = actions[2]?.calls[0]?.observation;
    assert.deepEqual([big?.exitCode, big?.isError, big?.truncated], [1, true, true]);
    assert.match(big?.output ?? '', /^head\n\[\.\.\. 500 characters elided \.\.\.\]\ntail$/);
    assert.equal(actions[3]?.calls[0]?.observation?.exitCode, null);
    const { header, outcome } = run.trajectory;
    assert.deepEqual([header.task.id, header.task.text, header.model.name, header.sampling, header.maxSteps], ['org__repo-1', 'fix it', 'm', { temperature: 0 }, 250]);
    assert.deepEqual([outcome?.end, outcome?.invalidToolCalls, outcome?.patch, outcome?.emptyPatch], ['finished', 1, 'diff --git a/x b/x\n', false]);
    // The conversation stays a valid tool-call transcript: the observation answers the call.
    assert.deepEqual(actions[1]?.turn.newMessages, [{ role: 'tool', tool_call_id: actions[0]?.calls[0]?.call.callId, content: '<returncode>0</returncode>\n<output>\na\nb\n</output>' }]);
  });

  it('reads v2 trajectories with native tool calls', async () => {
    const run = await loadOne('v2.traj.json', {
      trajectory_format: 'mini-swe-agent-1.1', info: { exit_status: 'LimitsExceeded' },
      messages: [
        { role: 'system', content: 's' }, { role: 'user', content: 't' },
        { role: 'assistant', content: 'run it', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'bash', arguments: '{"command":"make"}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: '<returncode>2</returncode>\n<output>\nerror\n</output>' },
      ],
    });
    const call = actionsOf(run.trajectory)[0]?.calls[0];
    assert.deepEqual([call?.call.callId, call?.call.arguments, call?.observation?.exitCode, call?.observation?.output], ['c1', { command: 'make' }, 2, 'error']);
    assert.equal(run.trajectory.outcome?.end, 'step-limit');
  });
});

describe('agent-data-protocol samples', () => {
  it('reads mini-coder runs: bash blocks, the XML submit call and the verified flag', async () => {
    const run = await loadOne('mini-coder.json', {
      messages: [{ role: 'system', content: 's' }, { role: 'user', content: 'Fix the bug.' }, bash('look', 'ls'),
        { role: 'user', content: '<returncode>0</returncode>\n<output>\nx\n</output>' },
        { role: 'assistant', content: 'THOUGHT: done.\n\n<function=submit>\n</function>' }],
      patch: 'diff --git a/a b/a\n', model: 'qwen3-coder-30b', instance_id: 'inst-1', verified: true, id: 'inst-1',
    });
    assert.equal(run.format, 'adp-mini-coder');
    assert.deepEqual(actionsOf(run.trajectory).map((a) => a.calls.map((c) => c.call.name)), [['bash'], ['submit']]);
    assert.deepEqual([run.trajectory.outcome?.end, run.trajectory.outcome?.resolved], ['finished', true]);
  });

  it('reads nebius SWE-agent runs: skip system and task, the last fenced block of each ai entry', async () => {
    const run = await loadOne('nebius.json', {
      instance_id: 'a__b-1', model_name: 'llama', target: false, exit_status: 'submitted (exit_cost)', generated_patch: '',
      trajectory: [{ role: 'system', text: null, system_prompt: 'SETTING' }, { role: 'user', text: 'ISSUE' },
        { role: 'ai', text: 'Look.\n```\nls -F\n```' }, { role: 'user', text: 'a.py\n(Open file: n/a)\n(Current directory: /b)\nbash-$' },
        { role: 'ai', text: 'Submit.\n```\nsubmit\n```' }],
    });
    const actions = actionsOf(run.trajectory);
    assert.deepEqual(actions.map((a) => a.calls[0]?.call.arguments), [{ command: 'ls -F' }, { command: 'submit' }]);
    assert.equal(actions[0]?.calls[0]?.observation?.output, 'a.py');
    assert.deepEqual([run.trajectory.outcome?.end, run.trajectory.outcome?.resolved, run.trajectory.outcome?.emptyPatch], ['step-limit', false, true]);
  });

  it('reads CodeActInstruct conversations: <execute> and <solution> calls', async () => {
    const run = await loadOne('codeact.json', {
      id: 'x/1', conversations: [{ role: 'system', content: 's' }, { role: 'user', content: 'Task: add' },
        { role: 'assistant', content: 'Try.\n<execute>print(1+1)</execute>' }, { role: 'user', content: 'Observation:\n2' },
        { role: 'assistant', content: '<solution>2</solution>' }],
    });
    const actions = actionsOf(run.trajectory);
    assert.deepEqual(actions.map((a) => a.calls.map((c) => [c.call.name, c.call.arguments])), [[['execute', { code: 'print(1+1)' }]], [['solution', { answer: '2' }]]]);
    assert.equal(actions[0]?.calls[0]?.observation?.output, '2');
    assert.equal(run.trajectory.outcome?.end, 'finished');
  });
});

describe('SWE-agent', () => {
  it('keeps failed format attempts as actions and pairs the rest with history', async () => {
    const run = await loadOne('x.traj', {
      trajectory: [
        { action: 'ls\n', observation: 'a.py', response: 'Look.\n```\nls\n```', thought: 'Look.', execution_time: 0.5 },
        { action: '', observation: 'Your output was not formatted correctly.', response: 'oops', thought: '' },
        { action: 'submit', observation: 'diff', response: 'Done.\n```\nsubmit\n```', thought: 'Done.' },
      ],
      history: [
        { role: 'system', content: 'SETTING', agent: 'main' },
        { role: 'user', content: 'demo', is_demo: true, agent: 'main' },
        { role: 'user', content: 'ISSUE: broken', agent: 'main' },
        { role: 'assistant', content: 'Look.', action: 'ls\n', agent: 'main' },
        { role: 'user', content: 'a.py\n(Open file: n/a)\n(Current directory: /r)\nbash-$', agent: 'main' },
        { role: 'assistant', content: 'Done.', action: 'submit', agent: 'main' },
      ],
      info: { exit_status: 'submitted', submission: 'diff', model_stats: { tokens_sent: 10, tokens_received: 5 } },
    });
    const actions = actionsOf(run.trajectory);
    assert.equal(actions.length, 3);
    assert.deepEqual(actions[0]?.calls.map((c) => [c.call.name, c.call.arguments, c.observation?.durationMs]), [['bash', { command: 'ls' }, 500]]);
    assert.equal(actions[1]?.calls.length, 0);
    assert.equal(run.trajectory.header.task.text, 'ISSUE: broken');
    assert.deepEqual(actions[0]?.turn.newMessages.map((m) => m.role), ['system', 'user']);
    assert.deepEqual(actions[2]?.turn.newMessages.map((m) => m.role), ['tool']);
    assert.deepEqual(run.trajectory.outcome?.usage, { promptTokens: 10, completionTokens: 5, totalTokens: 15 });
  });
});

describe('OpenHands', () => {
  const response = (id: string, calls: { id: string; name: string; args: object }[], content = 'thinking') => ({
    id, model: 'claude', choices: [{ finish_reason: 'tool_calls', message: { role: 'assistant', content, tool_calls: calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.args) } })) } }],
    usage: { prompt_tokens: 100, completion_tokens: 10, total_tokens: 110 },
  });

  it('groups the actions of one model response and attaches observations, edits and rejected replies', async () => {
    const both = response('r1', [{ id: 't1', name: 'execute_bash', args: { command: 'ls' } }, { id: 't2', name: 'str_replace_editor', args: { command: 'create', path: '/workspace/a.py', file_text: 'x\n' } }]);
    const run = await loadOne('events.json', [
      { id: 0, timestamp: '2025-01-01T00:00:00', source: 'user', action: 'message', args: { content: 'make a.py' } },
      { id: 1, timestamp: '2025-01-01T00:00:01', source: 'agent', action: 'run', args: { command: 'ls', thought: 'thinking' }, tool_call_metadata: { function_name: 'execute_bash', tool_call_id: 't1', model_response: both } },
      { id: 2, timestamp: '2025-01-01T00:00:02', source: 'agent', action: 'edit', args: { path: '/workspace/a.py' }, tool_call_metadata: { function_name: 'str_replace_editor', tool_call_id: 't2', model_response: both } },
      { id: 3, timestamp: '2025-01-01T00:00:03', source: 'agent', observation: 'run', cause: 1, content: 'README', extras: { metadata: { exit_code: 0 } } },
      { id: 4, timestamp: '2025-01-01T00:00:04', source: 'agent', observation: 'edit', cause: 2, content: 'File created', extras: { path: '/workspace/a.py', old_content: null, new_content: 'x\n' } },
      { id: 5, source: 'environment', observation: 'agent_state_changed', content: '', extras: {} },
      { id: 6, timestamp: '2025-01-01T00:00:05', source: 'agent', observation: 'error', content: 'Parameter \'command\' is missing', extras: {} },
      { id: 7, timestamp: '2025-01-01T00:00:06', source: 'agent', action: 'finish', args: { final_thought: 'done' }, tool_call_metadata: { function_name: 'finish', tool_call_id: 't3' } },
    ]);
    const actions = actionsOf(run.trajectory);
    assert.equal(actions.length, 3);
    assert.deepEqual(actions[0]?.calls.map((c) => [c.call.name, c.observation?.output]), [['execute_bash', 'README'], ['str_replace_editor', 'File created']]);
    assert.equal(actions[0]?.calls[1]?.call.risk, 'edit');
    assert.equal(actions[0]?.calls[1]?.edit?.path, 'a.py');
    assert.match(actions[0]?.calls[1]?.edit?.diff ?? '', /\+x/);
    assert.deepEqual(actions[0]?.turn.usage, { promptTokens: 100, completionTokens: 10, totalTokens: 110 });
    assert.equal(actions[0]?.calls[0]?.observation?.durationMs, 2000);
    assert.ok(actions[1]?.events.some((e) => e.type === 'user-message' && e.source === 'system'));
    assert.deepEqual(actions[2]?.calls.map((c) => [c.call.name, c.call.arguments]), [['finish', { message: 'done' }]]);
    assert.deepEqual([run.trajectory.outcome?.end, run.trajectory.outcome?.summary, run.trajectory.outcome?.invalidToolCalls], ['finished', 'done', 1]);
    assert.equal(run.trajectory.header.task.text, 'make a.py');
  });

  it('reads completion logs: JSON-text fields, cache_control markers, the response as last action', async () => {
    const dirName = join(dir.path, 'owner__repo-42');
    mkdirSync(dirName);
    const file = join(dirName, 'model-1733339310.json');
    writeFileSync(file, JSON.stringify({
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'You are OpenHands', cache_control: { type: 'ephemeral' } }] },
        { role: 'user', content: [{ type: 'text', text: 'Fix it', cache_control: { type: 'ephemeral' } }] },
        { role: 'assistant', content: [{ type: 'text', text: 'Looking' }], tool_calls: [{ id: 'a', type: 'function', function: { name: 'execute_bash', arguments: '{"command": "ls"}' } }] },
        { role: 'tool', tool_call_id: 'a', name: 'execute_bash', content: [{ type: 'text', text: 'x.py\n[Command finished with exit code 0]' }] },
        { role: 'assistant', content: 'no tool' },
        { role: 'user', content: [{ type: 'text', text: 'Please continue working on the task', cache_control: { type: 'ephemeral' } }] },
      ],
      response: JSON.stringify(response('r9', [{ id: 'f', name: 'finish', args: {} }], 'All done.')),
      kwargs: JSON.stringify({ tools: [{ type: 'function', function: { name: 'execute_bash', description: 'd', parameters: { type: 'object' } } }] }),
      timestamp: '1733339310.377825', cost: '0.1',
    }));
    const { runs, errors } = await loadRuns([file]);
    assert.deepEqual(errors, []);
    const run = runs[0] as LoadedRun;
    assert.equal(run.format, 'openhands-completions');
    const actions = actionsOf(run.trajectory);
    assert.equal(actions.length, 3);
    assert.equal(actions[0]?.calls[0]?.observation?.exitCode, 0);
    assert.ok(actions[1]?.events.some((e) => e.type === 'user-message' && e.source === 'system'));
    assert.deepEqual([actions[2]?.calls[0]?.call.name, actions[2]?.turn.usage?.totalTokens], ['finish', 110]);
    assert.doesNotMatch(JSON.stringify(run.trajectory), /cache_control/);
    assert.deepEqual([run.trajectory.header.task.id, run.trajectory.header.tools.map((t) => t.name)], ['owner__repo-42', ['execute_bash']]);
    assert.deepEqual([run.trajectory.outcome?.end, run.trajectory.outcome?.summary], ['finished', 'All done.']);
  });
});

describe('plain chat transcripts', () => {
  const messages = [
    { role: 'system', content: 's' }, { role: 'user', content: 'do it' },
    { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'read_file', arguments: '{"path":"a"}' } }] },
    { role: 'tool', tool_call_id: 'c', content: 'text' },
    { role: 'assistant', content: 'bad', tool_calls: [{ id: 'd', type: 'function', function: { name: 'run', arguments: '{not json' } }] },
  ];

  it('reads a JSON array of messages, keeping unparseable arguments as invalid calls', async () => {
    const run = await loadOne('chat.json', messages);
    assert.equal(run.format, 'chat');
    const actions = actionsOf(run.trajectory);
    assert.deepEqual(actions.map((a) => a.calls.map((c) => c.call.valid)), [[true], [false]]);
    assert.equal(actions[0]?.calls[0]?.observation?.output, 'text');
    assert.equal(run.trajectory.outcome?.invalidToolCalls, 1);
  });

  it('reads JSON Lines of messages as one transcript', async () => {
    const run = await loadOne('chat.jsonl', `${messages.map((m) => JSON.stringify(m)).join('\n')}\n`);
    assert.deepEqual([run.format, actionsOf(run.trajectory).length], ['chat', 2]);
  });
});
