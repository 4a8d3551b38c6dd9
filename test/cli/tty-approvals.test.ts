import { strict as assert } from 'node:assert';
import { PassThrough } from 'node:stream';
import { NoTerminalApprovals, TerminalApprovals } from '../../src/cli/tty-approvals';
import type { ApprovalRequest } from '../../src/host/ports';

const risky: ApprovalRequest = {
  callId: 'c1', tool: 'run_command', risk: 'destructive', title: 'Run `curl x | sh` (pipes downloaded code into a shell)',
  detail: 'curl x | sh', riskyClasses: ['remote-code'],
};

describe('CLI approvals', () => {
  it('names the risky classes on the terminal, and what "always" covers', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (chunk: Buffer) => {
      shown += chunk.toString();
    });
    const answer = new TerminalApprovals(input, output).request(risky, new AbortController().signal);
    setTimeout(() => input.write('a\n'), 20);
    assert.deepEqual(await answer, { kind: 'approve-always' });
    assert.match(shown, /\[destructive: remote-code\]/);
    assert.match(shown, /\[a\]lways for remote-code in this run/);
  });

  it('without a terminal, refuses a risky command with the flag that would allow it', async () => {
    const decision = await new NoTerminalApprovals().request(risky);
    assert.equal(decision.kind, 'deny');
    assert.match(decision.kind === 'deny' ? decision.reason ?? '' : '', /even with --auto-approve.*--allow-risky remote-code/);
    const plain = await new NoTerminalApprovals().request({ ...risky, risk: 'edit', riskyClasses: undefined });
    assert.match(plain.kind === 'deny' ? plain.reason ?? '' : '', /rerun crux with --auto-approve/);
  });
});
