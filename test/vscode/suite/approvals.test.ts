import assert from 'node:assert/strict';
import type { ApprovalRequest } from '../../../src/host/ports';
import type { HostMessage } from '../../../src/protocol';
import { ViewApprovals, type ApprovalSurface } from '../../../extension/ports/view-approvals';

const request: ApprovalRequest = { callId: 'call-1', tool: 'edit_file', risk: 'edit', title: 'Edit a.ts', detail: '@@ -1 +1 @@' };

function surface(visible: boolean): ApprovalSurface & { posted: HostMessage[] } {
  const posted: HostMessage[] = [];
  return { posted, canAskInline: () => visible, post: (message) => posted.push(message) };
}

describe('Crux in VS Code: approvals', () => {
  it('asks in the view when it is visible and takes the answer from there', async () => {
    const view = surface(true);
    const approvals = new ViewApprovals(() => view);
    const decision = approvals.request(request, new AbortController().signal);
    const asked = view.posted[0];
    assert.equal(asked?.type, 'approval-request');
    if (asked?.type !== 'approval-request') return;
    assert.equal(asked.title, 'Edit a.ts');
    assert.ok(approvals.answer(asked.requestId, 'approve-always'));
    assert.deepEqual(await decision, { kind: 'approve-always' });
    assert.equal(approvals.answer(asked.requestId, 'deny'), false, 'a second answer has nothing to settle');
  });

  it('asks in the view even when it is hidden (announced, never a focus-taking dialog)', async () => {
    const view = surface(false);
    const approvals = new ViewApprovals(() => view);
    const changes: number[] = [];
    approvals.onDidChangePending((open) => changes.push(open.length));
    const decision = approvals.request(request, new AbortController().signal);
    const asked = view.posted[0];
    assert.equal(asked?.type, 'approval-request', 'queued for the view');
    assert.equal(approvals.open[0]?.shownInline, false);
    assert.deepEqual(changes, [1]);
    assert.ok(approvals.answerOldest('deny'), 'the deny keybinding answers it');
    assert.equal(view.posted[1]?.type, 'approval-closed', 'and closes the prompt in the view');
    assert.deepEqual(await decision, { kind: 'deny', reason: 'the user denied it' });
    assert.deepEqual(changes, [1, 0]);
  });

  it('passes the reason of a denial on to the model', async () => {
    const view = surface(true);
    const approvals = new ViewApprovals(() => view);
    const decision = approvals.request(request, new AbortController().signal);
    const asked = view.posted[0];
    if (asked?.type !== 'approval-request') return assert.fail('not asked');
    assert.ok(approvals.answer(asked.requestId, 'deny', '  use the helper in util.ts '));
    assert.deepEqual(await decision, { kind: 'deny', reason: 'the user denied it: use the helper in util.ts' });
  });

  it('closes the prompt and denies when the run stops', async () => {
    const view = surface(true);
    const approvals = new ViewApprovals(() => view);
    const controller = new AbortController();
    const decision = approvals.request(request, controller.signal);
    controller.abort();
    assert.deepEqual(await decision, { kind: 'deny', reason: 'the run was stopped' });
    assert.equal(view.posted[1]?.type, 'approval-closed');
  });
});
