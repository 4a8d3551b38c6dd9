// `crux tree`: each task's trajectory tree with visits, values and intervals, key actions marked.
// The tree goes to stdout (text, one JSON document, or Graphviz DOT); notes go to stderr so
// the output can be piped into `jq` or `dot`.
import { InvalidArgumentError, type Command } from 'commander';
import { analyzeTasks, emptySummary } from '../align/pipeline';
import { filteredText, treeDot, treeJson, treeText } from '../align/tree-view';
import { addAlignOptions, alignConfigFrom, type AlignCliOptions } from './align-options';
import { count, describeErrors, exitAfterInputs, openRuns, type OpenedRuns } from './align-sources';
import type { AlignConfig } from '../align/config';
import { ExitCode } from './exit-codes';

type TreeFormat = 'text' | 'json' | 'dot';
type TreeOptions = AlignCliOptions & { task?: string[]; format: TreeFormat };

function parseFormat(value: string): TreeFormat {
  if (value === 'text' || value === 'json' || value === 'dot') return value;
  throw new InvalidArgumentError('--format takes text, json or dot.');
}

export function registerTreeCommand(program: Command): void {
  const command = program
    .command('tree')
    .description('Show the trajectory tree of each task: visits, success rates, key actions.')
    .argument('<dir...>', 'folders or files of trajectories (Crux .jsonl or other agents\' formats)')
    .option('--task <id>', 'only this task (repeatable)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--format <format>', 'text|json|dot', parseFormat, 'text');
  addAlignOptions(command, true);
  command.action(async (dirs: string[], options: TreeOptions) => {
    process.exitCode = await runTree(dirs, options);
  });
}

async function runTree(dirs: string[], options: TreeOptions): Promise<number> {
  const config = alignConfigFrom(options);
  const opened = await openRuns(dirs, options, config);
  try {
    return await printTrees(dirs, options, config, opened);
  } finally {
    await opened.close();
  }
}

async function printTrees(dirs: string[], options: TreeOptions, config: AlignConfig, { set, deps }: OpenedRuns): Promise<number> {
  const wanted = options.task ? new Set(options.task) : null;
  const summary = emptySummary(set);
  const out = (text: string) => process.stdout.write(text);
  const note = (line: string) => process.stderr.write(`${line}\n`);
  let shown = 0;
  if (options.format === 'json') out('{"tasks":[');
  if (options.format === 'dot') out('digraph crux {\n  rankdir=LR;\n  node [shape=box, fontname="monospace", fontsize=10];\n');
  const tasks = analyzeTasks(set, { config, ...deps, ...(wanted ? { taskFilter: (id: string) => wanted.has(id) } : {}) }, summary);
  for await (const analysis of tasks) {
    if (options.format === 'text') out(`${shown > 0 ? '\n' : ''}${treeText(analysis).join('\n')}\n`);
    else if (options.format === 'json') out(`${shown > 0 ? ',' : ''}${JSON.stringify(treeJson(analysis))}`);
    else out(`${treeDot(analysis, `t${shown}`).join('\n')}\n`);
    shown++;
  }
  if (options.format === 'json') {
    const { errors, ...rest } = summary;
    out(`],"summary":${JSON.stringify({ ...rest, unreadable: errors.length, config })}}\n`);
  }
  if (options.format === 'dot') out('}\n');
  for (const line of describeErrors(summary.errors)) note(line);
  if (wanted && shown < wanted.size) {
    const missing = [...wanted].filter((id) => !set.tasks.has(id));
    note(`crux: no runs of ${missing.join(', ')} in ${dirs.join(', ')}`);
    return ExitCode.Failed;
  }
  if (shown === 0) {
    note(`crux: no runs found in ${dirs.join(', ')}`);
    return ExitCode.Failed;
  }
  note(`crux: ${count(summary.runs, 'run')} of ${count(summary.tasks, 'task')}; ${summary.kept} kept (filtered: ${filteredText(summary.filtered)}); ${count(summary.keyActions, 'key action')}`);
  return exitAfterInputs(summary.errors, note);
}
