// `crux replay FILE --workspace DIR`: re-executes a recorded run's tool calls in DIR with
// Crux's real tools and reports, call by call, where the observations differ from the
// recording. It runs recorded commands and edits, so it does nothing without --yes
// (--dry-run lists what it would run). Exit codes: 0 no call diverged; 1 a call diverged or the
// file holds no readable run; 2 bad arguments (including a missing --yes); 130 Ctrl-C.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Log } from '../host/ports';
import { createTerminal } from '../host/node/terminal';
import { NodeWorkspace } from '../host/node/workspace';
import { createDefaultRegistry } from '../tools/registry';
import { loadRuns, SOURCE_FORMATS, type LoadedRun, type SourceFormat } from '../trajectory/import';
import { planReplay, replayRun, type PlannedCall, type ReplayedCall } from '../trajectory/replay';
import { ExitCode, UsageError } from './exit-codes';
import { parseSourceFormat } from './import-command';
import { intOption } from './options';
import { clip } from './show-render';
import { ApprovalPolicy } from '../agent/approval-policy';
import { addCommandPolicyOptions, resolveApprovalSettings, type CommandPolicyOptions } from './command-policy-options';

interface ReplayOptions extends CommandPolicyOptions {
  workspace: string;
  yes: boolean;
  dryRun: boolean;
  run?: number;
  stopAtDivergence: boolean;
  recordedRoot?: string;
  from: SourceFormat;
}

export function registerReplayCommand(program: Command): void {
  const command = program
    .command('replay')
    .description('Re-run a recorded run\'s tool calls in a workspace and report where the observations differ.')
    .argument('<file>', 'the run file (a Crux trajectory or another agent\'s run)')
    .requiredOption('-w, --workspace <dir>', 'the folder to run in: a scratch checkout at the run\'s starting commit')
    .option('-y, --yes', 'really run the recorded commands and edits', false)
    .option('--dry-run', 'list what would run, run nothing', false)
    .option('--run <n>', 'the run at this position, for files that hold several (0 is the first)', intOption('--run', 0))
    .option('--stop-at-divergence', 'stop after the first call that differs', false)
    .option('--recorded-root <dir>', 'the recorded run\'s workspace folder, so its paths compare equal')
    .option('--from <format>', `the file's format: ${SOURCE_FORMATS.join('|')}`, parseSourceFormat, 'auto');
  addCommandPolicyOptions(command, false)
    .action(async (file: string, options: ReplayOptions) => {
      process.exitCode = await replay(file, options);
    });
}

async function replay(file: string, options: ReplayOptions): Promise<number> {
  const write = (line: string) => process.stdout.write(`${line}\n`);
  const run = await chooseRun(file, options);
  if (!run) return ExitCode.Failed;
  const registry = createDefaultRegistry();
  const policy = new ApprovalPolicy(await resolveApprovalSettings(options, 'auto-all'));
  const plan = planReplay(run.trajectory, registry, policy);
  const runnable = plan.filter((call) => call.tool !== null).length;
  if (options.dryRun) {
    for (const call of plan) write(clip(describePlan(call), 160));
    write(`crux: ${runnable} of ${plan.length} call(s) would run; ${plan.length - runnable} would be skipped`);
    return ExitCode.Ok;
  }
  if (!options.yes) {
    throw new UsageError(`replay runs ${runnable} recorded command(s) and edit(s) in ${options.workspace}; pass --yes to run them, or --dry-run to list them`);
  }
  const root = resolve(options.workspace);
  if (!(await stat(root).catch(() => undefined))?.isDirectory()) throw new UsageError(`the workspace ${root} is not a folder`);
  const log: Log = { debug: () => {}, info: () => {}, warn: (m) => process.stderr.write(`crux: warning: ${m}\n`), error: (m) => process.stderr.write(`crux: error: ${m}\n`) };
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.on('SIGINT', onSigint);
  try {
    const report = await replayRun(run.trajectory, {
      workspace: await NodeWorkspace.open(root), terminal: createTerminal(log), registry, signal: controller.signal,
    }, {
      stopAtDivergence: options.stopAtDivergence, policy,
      ...(options.recordedRoot ? { recordedRoot: resolve(options.recordedRoot) } : {}),
      onCall: (call) => write(clip(describeResult(call), 160)),
    });
    if (controller.signal.aborted) return ExitCode.Interrupted;
    const { same, diverged, skipped, unrecorded } = report.counts;
    write(`crux: replayed ${same + diverged + unrecorded} call(s): ${same} same, ${diverged} diverged, ${unrecorded} without a recorded result; ${skipped} skipped`);
    const first = report.firstDivergence;
    if (!first) return ExitCode.Ok;
    write(`crux: first divergence at step ${first.step} (${first.recordedName}): ${first.reason ?? ''}`);
    if (first.diff) write(first.diff.split('\n').map((line) => `  ${line}`).join('\n'));
    return ExitCode.Failed;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

async function chooseRun(file: string, options: ReplayOptions): Promise<LoadedRun | undefined> {
  const { runs, errors } = await loadRuns([file], { from: options.from });
  for (const error of errors) process.stderr.write(`crux: ${error.file}: ${error.error}\n`);
  if (runs.length === 0) {
    if (errors.length === 0) process.stderr.write(`crux: ${file} holds no run\n`);
    return undefined;
  }
  if (options.run !== undefined) {
    const run = runs.find((candidate) => candidate.index === options.run);
    if (!run) throw new UsageError(`${file} holds runs 0 to ${runs.length - 1}; there is no run ${options.run}`);
    return run;
  }
  if (runs.length > 1) throw new UsageError(`${file} holds ${runs.length} runs; choose one with --run N`);
  return runs[0];
}

function describeCall(call: PlannedCall): string {
  const command = typeof call.args.command === 'string' && call.tool === 'run_command' ? call.args.command : undefined;
  const shown = command !== undefined ? `\`${command.replace(/\s+/g, ' ')}\`` : JSON.stringify(call.args);
  const as = call.tool && call.tool !== call.recordedName ? ` (as ${call.tool})` : '';
  return `#${call.step} ${call.recordedName}${as} ${shown}`;
}

function describePlan(call: PlannedCall): string {
  return call.skip ? `#${call.step} ${call.recordedName}: skip (${call.skip})` : describeCall(call);
}

function describeResult(call: ReplayedCall): string {
  if (call.status === 'skipped') return `#${call.step} ${call.recordedName}: skipped (${call.reason ?? ''})`;
  if (call.status === 'unrecorded') return `${describeCall(call)}: ran (nothing recorded to compare)`;
  return `${describeCall(call)}: ${call.status === 'same' ? 'same' : `DIVERGED: ${call.reason ?? ''}`}`;
}
