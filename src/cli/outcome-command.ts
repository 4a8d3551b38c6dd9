// `crux outcome FILE_OR_RUN_ID`: adds to a run's outcome after the fact (the user's verdict,
// a resolved label, a test run made now) by appending an outcome-update line; events are
// never rewritten.
import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { createTerminal } from '../host/node/terminal';
import type { OutcomeUpdate } from '../trajectory/format';
import { readTrajectoryFile } from '../trajectory/jsonl';
import { Redactor } from '../trajectory/privacy/redactor';
import { TrajectoryStore, TrajectoryStoreError, appendOutcomeUpdate } from '../trajectory/store';
import { testResultOf } from '../trajectory/test-result';
import { DEFAULT_TOOL_LIMITS } from '../tools/types';
import { workspaceRoot } from './consent-command';
import { ExitCode, UsageError } from './exit-codes';
import { openStore } from './runs-command';

interface OutcomeOptions {
  workspace: string;
  dir?: string;
  verdict?: 'accept' | 'reject';
  resolved?: boolean;
  testCmd?: string;
}

export function registerOutcomeCommand(program: Command): void {
  program
    .command('outcome')
    .description("Update a recorded run's outcome: your verdict, whether it resolved the task, or a test run made now.")
    .argument('<fileOrRunId>', 'a trajectory file, or a run id (or unique prefix) in the workspace\'s store')
    .option('--verdict <verdict>', 'accept | reject', parseVerdict)
    .option('--resolved <bool>', 'true | false: the success label used for training', parseBoolean)
    .option('--test-cmd <cmd>', 'run this in the workspace now and record the result (and, unless --resolved is given, resolved = passed)')
    .option('-w, --workspace <dir>', 'the workspace: where the store is and where --test-cmd runs (default: the current folder)', '.')
    .option('--dir <dir>', 'a trajectory folder instead of the workspace\'s')
    .action(async (target: string, options: OutcomeOptions) => {
      process.exitCode = await updateOutcome(target, options);
    });
}

async function updateOutcome(target: string, options: OutcomeOptions): Promise<number> {
  if (options.verdict === undefined && options.resolved === undefined && options.testCmd === undefined) {
    throw new UsageError('say what to record: --verdict, --resolved and/or --test-cmd');
  }
  const located = await locate(target, options);
  const update: OutcomeUpdate = { kind: 'outcome-update', t: Date.now(), origin: 'crux outcome' };
  if (options.verdict !== undefined) update.verdict = options.verdict;
  if (options.testCmd !== undefined) {
    const root = await workspaceRoot(options.workspace);
    process.stdout.write(`crux: running the tests in ${root}: ${options.testCmd}\n`);
    const result = await createTerminal().run({
      command: options.testCmd, cwd: root, timeoutMs: DEFAULT_TOOL_LIMITS.maxCommandTimeoutMs,
      maxOutputChars: DEFAULT_TOOL_LIMITS.maxCommandOutputChars,
    });
    update.test = testResultOf(options.testCmd, result);
    update.resolved = update.test.passed;
  }
  if (options.resolved !== undefined) update.resolved = options.resolved;
  // Test output can hold secrets like any other output: redacted before it is written.
  const redacted = new Redactor().redactValue(update);
  try {
    if (located.store) await located.store.updateOutcome(located.runId, redacted);
    else {
      const trajectory = await readTrajectoryFile(located.path);
      if (!trajectory.outcome) throw new TrajectoryStoreError(`${located.path} has no outcome (the run was interrupted); nothing to update`);
      appendOutcomeUpdate(located.path, redacted);
    }
  } catch (error) {
    if (!(error instanceof TrajectoryStoreError)) throw error;
    process.stderr.write(`crux: ${error.message}\n`);
    return ExitCode.Failed;
  }
  process.stdout.write(`crux: updated the outcome of ${located.runId} (${describe(redacted)})\n`);
  return update.test && !update.test.passed ? ExitCode.TestsFailed : ExitCode.Ok;
}

interface Located {
  path: string;
  runId: string;
  /** The store the file belongs to, when it is one (its index is then kept up to date). */
  store: TrajectoryStore | null;
}

async function locate(target: string, options: OutcomeOptions): Promise<Located> {
  const asFile = resolve(target);
  if ((await stat(asFile).catch(() => undefined))?.isFile()) {
    const runId = basename(asFile).replace(/\.jsonl$/, '');
    const inStore = asFile.endsWith('.jsonl') && TrajectoryStore.isValidRunId(runId)
      && (await stat(new TrajectoryStore(dirname(asFile)).indexPath).catch(() => undefined)) !== undefined;
    return { path: asFile, runId, store: inStore ? new TrajectoryStore(dirname(asFile)) : null };
  }
  const store = await openStore(options);
  try {
    const run = await store.find(target);
    return { path: store.pathOf(run.runId), runId: run.runId, store };
  } catch (error) {
    if (error instanceof TrajectoryStoreError) throw new UsageError(`${target} is neither a file nor a run: ${error.message}`);
    throw error;
  }
}

function describe(update: OutcomeUpdate): string {
  const parts: string[] = [];
  if (update.verdict !== undefined) parts.push(`verdict ${update.verdict}`);
  if (update.resolved !== undefined) parts.push(`resolved ${String(update.resolved)}`);
  if (update.test) parts.push(`tests ${update.test.passed ? 'passed' : 'failed'}`);
  return parts.join(', ');
}

function parseVerdict(value: string): 'accept' | 'reject' {
  if (value === 'accept' || value === 'reject') return value;
  throw new InvalidArgumentError('must be accept or reject.');
}

function parseBoolean(value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new InvalidArgumentError('must be true or false.');
}
