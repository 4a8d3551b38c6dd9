// The panels' messages (history, viewer, tree): valid ones pass in both directions, and a
// missing field, an unknown field or a wrong type is refused, as for the agent view.
import assert from 'node:assert/strict';
import {
  parseHistoryHostMessage, parseHistoryPageMessage, parseTreeHostMessage, parseTreePageMessage, parseViewerHostMessage,
  parseViewerPageMessage, PROTOCOL_VERSION, type HistoryRun, type ViewerRun,
} from '../../src/protocol';
import { viewerRunOf } from '../../extension/panels/viewer/viewer-model';
import { longTrajectory } from '../support/long-trajectory';

const run: HistoryRun = {
  runId: 'r1', taskId: 't', title: 'Fix it', model: 'qwen', agent: 'crux', createdAt: '2025-01-01T00:00:00Z', end: 'finished',
  steps: 4, resolved: true, verdict: null, testPassed: true, emptyPatch: false, branchOf: null, interrupted: false,
};
const viewerRun: ViewerRun = viewerRunOf(longTrajectory(30), 'crux');

type Parser = (value: unknown) => { ok: boolean };
const samples: [Parser, Record<string, unknown>][] = [
  [parseHistoryHostMessage, { type: 'history-runs', storeDir: '/tmp/s', runs: [run] }],
  [parseHistoryHostMessage, { type: 'panel-error', message: 'no folder' }],
  [parseHistoryPageMessage, { type: 'panel-ready', protocolVersion: PROTOCOL_VERSION, page: 'history' }],
  [parseHistoryPageMessage, { type: 'history-delete-run', runId: 'r1' }],
  [parseViewerHostMessage, { type: 'viewer-show', file: '/a.jsonl', runs: [{ index: 0, runId: 'r', title: 't', steps: 30, resolved: false }], selected: 0, run: viewerRun, totalActions: 30, revealStep: 3, loadErrors: [] }],
  [parseViewerHostMessage, { type: 'viewer-actions', runId: 'r', start: 10, actions: viewerRun.actions.slice(10, 20) }],
  [parseViewerHostMessage, { type: 'viewer-reveal', step: 12 }],
  [parseViewerPageMessage, { type: 'viewer-select-run', index: 2 }],
  [parseTreePageMessage, { type: 'tree-open-run', runId: 'r1', step: 3 }],
  [parseTreeHostMessage, { type: 'tree-show', tree: { taskId: 't', taskText: 'x', source: 's', runs: 1, kept: 1, filtered: [], keyActions: 0, z: 1.96, nodes: [
    { id: 'root', parent: -1, step: 0, label: '(task)', visits: 1, successes: 1, value: 1, low: 0.2, high: 1, key: false, better: false, worse: false },
  ] } }],
];

describe('protocol: panel messages', () => {
  it('accepts valid messages, as sent and after a structured-clone-like round trip', () => {
    for (const [parse, message] of samples) {
      assert.ok(parse(message).ok, JSON.stringify(message).slice(0, 120));
      assert.ok(parse(JSON.parse(JSON.stringify(message))).ok);
    }
  });

  it('refuses a missing field, an unknown field and an unknown type', () => {
    for (const [parse, message] of samples) {
      assert.equal(parse({ ...message, extra: 1 }).ok, false);
      for (const field of Object.keys(message).filter((key) => key !== 'type')) {
        const copy = { ...message };
        delete copy[field];
        assert.equal(parse(copy).ok, false, `${String(message.type)} without ${field}`);
      }
    }
    assert.equal(parseHistoryPageMessage({ type: 'viewer-select-run', index: 1 }).ok, false, 'a message of another page');
  });

  it('refuses wrong types deep inside a run', () => {
    const bad = structuredClone(viewerRun) as unknown as { actions: { calls: { observation: { exitCode: unknown } }[] }[] };
    const call = bad.actions[0]?.calls[0];
    if (call) call.observation.exitCode = '1';
    assert.equal(parseViewerHostMessage({ type: 'viewer-show', file: 'f', runs: [], selected: 0, run: bad, totalActions: 30, revealStep: null, loadErrors: [] }).ok, false);
    assert.equal(parseViewerHostMessage({ type: 'viewer-actions', runId: 'r', start: 0, actions: bad.actions }).ok, false);
    assert.equal(parseHistoryHostMessage({ type: 'history-runs', storeDir: 's', runs: [{ ...run, end: 'crashed' }] }).ok, false);
    assert.equal(parseHistoryPageMessage({ type: 'panel-ready', protocolVersion: PROTOCOL_VERSION, page: 'elsewhere' }).ok, false);
  });
});
