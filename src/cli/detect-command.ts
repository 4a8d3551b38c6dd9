// `crux detect`: runs the loop watch over stored runs (Crux trajectories or other agents'
// formats) and says, per run, whether it got stuck, where its first loop began, and why.
import type { Command } from 'commander';
import { iterateRuns, SOURCE_FORMATS, type SourceFormat } from '../trajectory/import';
import type { LoopFinding } from '../watch/finding';
import { DEFAULT_MODEL_CHECK, ModelCheck } from '../watch/model-check';
import { analyzeTrajectory, detectRunWithModel } from '../watch/offline';
import { ExitCode, UsageError } from './exit-codes';
import { parseSourceFormat } from './import-command';
import { loadWatchConfig } from './watch-options';

interface DetectOptions {
  json: boolean;
  from: SourceFormat;
  loopConfig?: string;
  loopModelUrl?: string;
  loopModel?: string;
}

export function registerDetectCommand(program: Command): void {
  program
    .command('detect')
    .description('Find loops and stuck states in stored runs: per run, whether it is stuck, the first step of its first loop, and the evidence.')
    .argument('<path...>', 'run files or folders (Crux .jsonl, SWE-agent, mini-swe-agent, OpenHands, agent-data-protocol samples)')
    .option('--json', 'one JSON object per run per line', false)
    .option('--from <format>', `the format of every file (${SOURCE_FORMATS.join('|')})`, parseSourceFormat, 'auto')
    .option('--loop-config <file>', 'loop-watch settings (JSON; see docs/loop-watch.md)')
    .option('--loop-model-url <url>', 'also ask this OpenAI-compatible server whether each run loops, where the live watch would have (off without it)')
    .option('--loop-model <name>', 'the model to ask (required with --loop-model-url)')
    .action(async (paths: string[], options: DetectOptions) => {
      process.exitCode = await detect(paths, options);
    });
}

async function detect(paths: string[], options: DetectOptions): Promise<number> {
  const config = await loadWatchConfig(options.loopConfig);
  if (options.loopModelUrl && !options.loopModel) throw new UsageError('--loop-model-url needs --loop-model NAME (the model to ask)');
  const out = (line: string) => process.stdout.write(`${line}\n`);
  let runs = 0;
  let stuck = 0;
  let errors = 0;
  for await (const item of iterateRuns(paths, { from: options.from })) {
    if ('error' in item) {
      errors++;
      process.stderr.write(`crux: skipped ${item.file}: ${item.error}\n`);
      continue;
    }
    runs++;
    const report = options.loopModelUrl
      ? (await detectRunWithModel(item.trajectory, config, new ModelCheck({ ...DEFAULT_MODEL_CHECK, url: options.loopModelUrl, model: options.loopModel ?? '' }),
        (error) => process.stderr.write(`crux: the model check failed on ${item.file}: ${error.message}\n`))).report
      : analyzeTrajectory(item.trajectory, config);
    if (report.stuck) stuck++;
    const file = item.index > 0 ? `${item.file}#${item.index}` : item.file;
    if (options.json) {
      out(JSON.stringify({
        file, index: item.index, format: item.format, stuck: report.stuck, loop: report.loop,
        first_loop_action: report.firstLoopAction, actions: item.trajectory.outcome?.steps ?? null, findings: report.findings,
      }));
      continue;
    }
    const verdict = report.stuck ? 'STUCK' : report.loop ? 'loop, recovered' : 'no loop';
    const where = report.firstLoopAction !== null ? ` (first loop at action ${report.firstLoopAction})` : '';
    out(`${file}: ${verdict}${where}`);
    for (const finding of report.findings) out(`  ${describeFinding(finding)}`);
  }
  if (!options.json) out(`crux: ${runs} run${runs === 1 ? '' : 's'}, ${stuck} stuck${errors > 0 ? `, ${errors} files skipped` : ''}`);
  if (runs === 0) {
    process.stderr.write(`crux: no runs found in ${paths.join(', ')}\n`);
    return ExitCode.Failed;
  }
  // Unreadable files are a failure too, once the readable ones are reported.
  return errors > 0 ? ExitCode.Failed : ExitCode.Ok;
}

export function describeFinding(finding: LoopFinding): string {
  const range = finding.fromStep === finding.toStep ? `${finding.fromStep}` : `${finding.fromStep}-${finding.toStep}`;
  const others = (finding.signals ?? []).filter((signal) => signal.kind !== finding.kind).map((signal) => signal.kind);
  const also = others.length > 0 ? ` (also ${[...new Set(others)].join(', ')})` : '';
  return `${finding.id}: ${finding.severity} ${finding.kind} at actions ${range}: ${finding.evidence.summary}${also}`;
}
