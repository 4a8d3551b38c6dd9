// `crux runs`: lists recorded runs from the store's index; `crux runs delete` removes runs.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Log } from '../host/ports';
import type { RunSummary } from '../trajectory/run-summary';
import { TrajectoryStore } from '../trajectory/store';
import { workspaceRoot } from './consent-command';
import { ExitCode } from './exit-codes';
import { cliTrajectoryDir } from './recording';
import { withdrawIfPushed, type WithdrawOptions } from './team-withdraw';
import { RunStoreError, type RunStore } from '../trajectory/run-store';
import { PgRunStore } from '../team/pg-store';
import { isTeamUrl } from '../team/url';

interface StoreOptions {
  workspace: string;
  dir?: string;
}

const stderrLog: Log = {
  debug: () => {},
  info: (message) => process.stderr.write(`crux: ${message}\n`),
  warn: (message) => process.stderr.write(`crux: warning: ${message}\n`),
  error: (message) => process.stderr.write(`crux: error: ${message}\n`),
};

/** The store of --dir, else of the workspace (<workspace>/.crux/trajectories). */
export async function openStore(options: StoreOptions): Promise<TrajectoryStore> {
  if (options.dir !== undefined) return new TrajectoryStore(resolve(options.dir), stderrLog);
  const root = await workspaceRoot(options.workspace);
  return new TrajectoryStore(cliTrajectoryDir(root), stderrLog, { within: root });
}

export function registerRunsCommand(program: Command): void {
  const runs = program
    .command('runs')
    .description('List the recorded runs of a workspace (newest first); `crux runs delete ID...` removes runs.')
    .option('-w, --workspace <dir>', 'the workspace (default: the current folder)', '.')
    .option('--dir <dir>', 'a trajectory folder instead of the workspace\'s (e.g. the extension\'s storage), or a team store (postgres://…)')
    .option('--json', 'print the index entries as JSON', false)
    .action(async (options: StoreOptions & { json: boolean }) => {
      const store = await openRunStore(options);
      try {
        const summaries = await store.list();
        if (options.json) {
          process.stdout.write(`${JSON.stringify(summaries, null, 2)}\n`);
          return;
        }
        if (summaries.length === 0) {
          process.stdout.write(`No recorded runs in ${store.location}.\n`);
          return;
        }
        process.stdout.write(formatTable(summaries));
      } finally {
        await store.close();
      }
    });

  runs
    .command('delete')
    .description('Delete runs: their files and their index entries.')
    .argument('<runIds...>', 'run ids, or unique prefixes of at least 4 characters')
    .option('-w, --workspace <dir>', 'the workspace (default: the current folder)', '.')
    .option('--dir <dir>', 'a trajectory folder instead of the workspace\'s')
    .option('--team <url>', 'the team store a pushed run is withdrawn from too (default: $CRUX_TEAM_URL)')
    .option('--keep-shared', 'delete only here, leaving pushed runs in the team store', false)
    .action(async (runIds: string[], options: StoreOptions & WithdrawOptions) => {
      // The parent command's options are parsed into the parent: accept them there too.
      const store = await openRunStore({ ...runs.opts<StoreOptions>(), ...withoutDefaults(options) });
      let failed = false;
      for (const idOrPrefix of runIds) {
        try {
          const run = await store.find(idOrPrefix);
          // A run deleted from a folder is withdrawn from the team store it was pushed to.
          const withdrawnFrom = store instanceof TrajectoryStore ? await withdrawIfPushed(store.dir, run.runId, options) : null;
          await store.delete(run.runId);
          process.stdout.write(`deleted ${run.runId}${withdrawnFrom ? ` (and from the team store ${withdrawnFrom})` : ''}\n`);
        } catch (error) {
          if (!(error instanceof RunStoreError)) throw error;
          process.stderr.write(`crux: ${error.message}\n`);
          failed = true;
        }
      }
      await store.close();
      if (failed) process.exitCode = ExitCode.Failed;
    });
}

/** --dir as a team store (postgres://…) or a folder; else the workspace's folder. */
async function openRunStore(options: StoreOptions): Promise<RunStore> {
  return options.dir !== undefined && isTeamUrl(options.dir) ? new PgRunStore(options.dir) : openStore(options);
}

function withoutDefaults(options: StoreOptions): Partial<StoreOptions> {
  return {
    ...(options.workspace !== '.' ? { workspace: options.workspace } : {}),
    ...(options.dir !== undefined ? { dir: options.dir } : {}),
  };
}

function formatTable(summaries: RunSummary[]): string {
  const rows = summaries.map((run) => [
    run.runId.slice(0, 8),
    run.createdAt.slice(0, 16).replace('T', ' '),
    run.end ?? 'no outcome',
    run.steps === null ? '-' : String(run.steps),
    run.testPassed === null ? '-' : run.testPassed ? 'pass' : 'fail',
    run.verdict ?? '-',
    run.title.length > 60 ? `${run.title.slice(0, 59)}…` : run.title,
  ]);
  const header = ['RUN', 'CREATED (UTC)', 'END', 'STEPS', 'TESTS', 'VERDICT', 'TASK'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  ');
  return `${[header, ...rows].map(line).join('\n')}\n`;
}
