// One rollout run: a clean copy of the task's repository, the agent with auto-approval inside
// it, then the task's test command, all recorded as one trajectory whose outcome says whether
// the run resolved the task. A run that fails in any way is reported, never thrown: the other
// runs go on.
import { join } from 'node:path';
import type { Connection } from '../agent/connect';
import type { Sampling } from '../agent/config';
import type { ApprovalSettings } from '../agent/approval-policy';
import type { Approvals, Log, Terminal } from '../host/ports';
import { createLocalAgent } from '../host/node/local-agent';
import type { ModelClient } from '../model/client';
import type { ConsentLevel, TestResult } from '../trajectory/format';
import { readRepositoryInfo } from '../trajectory/repository';
import { TrajectoryRecorder } from '../trajectory/recorder';
import type { TrajectoryStore } from '../trajectory/store';
import type { RunReport } from './progress';
import type { RepoCopies } from './repo-copies';
import type { RolloutTask } from './task-file';

export interface SampleContext {
  client: ModelClient;
  connection: Connection;
  store: TrajectoryStore;
  copies: RepoCopies;
  /** Where run copies are made. */
  workDir: string;
  consent: Exclude<ConsentLevel, 'off'>;
  exclusions: readonly string[];
  /** The model server's API key, kept out of every command's environment. */
  apiKey?: string;
  /** The command policy; default: auto-all, with every risky class refused. */
  approvalSettings?: ApprovalSettings;
  maxSteps: number;
  sampling: Sampling;
  contextTokens?: number;
  /** Seconds a run may take (agent and tests together) unless the task says otherwise. */
  timeoutSeconds: number;
  keepCopies: boolean;
  log: Log;
  /** Ctrl-C: runs stop, and are not counted as complete. */
  signal: AbortSignal;
}

/** Commands a rollout runs on its own (setup, tests) get this much output kept. */
const COMMAND_OUTPUT_CHARS = 16_000;
const TEST_TAIL_LINES = 40;

/** Rollouts run unattended: everything the policy would ask about is a risky command (auto-all
 * asks about nothing else), and it is refused with a reason the model reads, so the run goes
 * on and is labelled by its tests like any other. `--allow-risky CLASS` lets a class run. */
const unattendedApprovals: Approvals = {
  request: async (request) => ({
    kind: 'deny',
    reason: `rollouts run unattended and do not run risky commands (${(request.riskyClasses ?? [request.risk]).join(', ')}); ` +
      'the user can allow a class with crux rollout --allow-risky CLASS',
  }),
};

export async function runSample(task: RolloutTask, sample: number, ctx: SampleContext): Promise<RunReport | 'interrupted'> {
  const name = `${task.id}#${sample}`;
  const timeoutMs = (task.timeoutSeconds ?? ctx.timeoutSeconds) * 1000;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = AbortSignal.any([ctx.signal, timeout]);
  const dest = join(ctx.workDir, `${task.id}-${sample}-${process.pid}-${Date.now().toString(36)}`);
  const failed = (detail: string, steps = 0, completionTokens = 0): RunReport => ({ name, result: 'failed', steps, completionTokens, detail });

  let copy;
  try {
    copy = await ctx.copies.create(task.repo, task.commit, dest);
  } catch (error) {
    return failed(`could not prepare the repository: ${message(error)}`);
  }
  try {
    const { agent, terminal } = await createLocalAgent({
      root: copy.path, client: ctx.client, connection: ctx.connection, ...(ctx.apiKey ? { apiKey: ctx.apiKey } : {}),
      approvals: unattendedApprovals,
      approvalSettings: { ...(ctx.approvalSettings ?? { allowCommands: [], denyCommands: [] }), mode: 'auto-all' },
      maxSteps: ctx.maxSteps, sampling: ctx.sampling, log: ctx.log,
      ...(ctx.contextTokens !== undefined ? { contextTokens: ctx.contextTokens } : {}),
      testCommand: task.testCmd,
    });
    if (task.setupCmd) {
      const setup = await terminal.run({ command: task.setupCmd, cwd: copy.path, timeoutMs, maxOutputChars: COMMAND_OUTPUT_CHARS, signal });
      if (ctx.signal.aborted) return 'interrupted';
      if (setup.exitCode !== 0) return failed(`setup_cmd ${setup.timedOut ? 'timed out' : `exited with ${setup.exitCode ?? 'a signal'}`}: ${lastLine(setup.output)}`);
    }

    const recorder = new TrajectoryRecorder({
      store: ctx.store, consent: ctx.consent, exclusions: ctx.exclusions, taskId: task.id,
      repository: await readRepositoryInfo(copy.path), log: ctx.log,
    });
    if (!recorder.enabled) return failed(recorder.status.kind === 'excluded' ? recorder.status.reason : 'recording is off');
    recorder.attach(agent);
    try {
      const result = await agent.run(task.task, signal);
      const tokens = result.usage.completionTokens;
      if (ctx.signal.aborted) return 'interrupted';
      if (timeout.aborted) {
        recorder.updateOutcome({ resolved: false, origin: `rollout: the run timed out after ${timeoutMs / 1000} s` });
        return failed(`timed out after ${timeoutMs / 1000} s`, result.steps, tokens);
      }
      const test = await runTests(task.testCmd, copy.path, terminal, timeoutMs, signal);
      if (ctx.signal.aborted) return 'interrupted';
      recorder.updateOutcome({ test, resolved: test.passed, origin: 'rollout: test_cmd' });
      const ended = result.reason === 'finished' ? '' : `${result.reason}; `;
      return {
        name, result: test.passed ? 'resolved' : 'unresolved', steps: result.steps, completionTokens: tokens,
        detail: `${ended}tests ${test.passed ? 'passed' : test.timedOut ? 'timed out' : `exited with ${test.exitCode ?? 'a signal'}`}${result.patch === '' ? '; empty patch' : ''}`,
      };
    } finally {
      recorder.close();
    }
  } catch (error) {
    if (ctx.signal.aborted) return 'interrupted';
    return failed(message(error));
  } finally {
    if (!ctx.keepCopies) await copy.remove().catch((error: unknown) => ctx.log.warn(`could not remove ${copy.path}: ${message(error)}`));
  }
}

async function runTests(command: string, cwd: string, terminal: Terminal, timeoutMs: number, signal: AbortSignal): Promise<TestResult> {
  const result = await terminal.run({ command, cwd, timeoutMs, maxOutputChars: COMMAND_OUTPUT_CHARS, signal });
  return {
    command,
    passed: result.exitCode === 0,
    exitCode: result.exitCode,
    timedOut: result.timedOut,
    outputTail: result.output.trimEnd().split('\n').slice(-TEST_TAIL_LINES).join('\n'),
  };
}

function lastLine(text: string): string {
  return text.trimEnd().split('\n').pop() ?? '';
}

function message(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).trim().split('\n')[0] ?? '';
}
