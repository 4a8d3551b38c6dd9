// `crux push [-w DIR | --dir DIR] --to URL`: uploads the runs recorded at `share` to the team
// store (also $CRUX_TEAM_URL). Idempotent: run it as often as you like.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { PushLedger } from '../team/ledger';
import { PgRunStore } from '../team/pg-store';
import { pushRuns, type PushOutcome } from '../team/push';
import { readConsent } from './consent-settings';
import { workspaceRoot } from './consent-command';
import { ExitCode, UsageError } from './exit-codes';
import { isTeamUrl } from '../team/url';
import { stderrLog } from './model-options';
import { openStore } from './runs-command';
import { teamUrl } from './team-command';

interface PushCliOptions {
  workspace: string;
  dir?: string;
  to?: string;
  quiet: boolean;
}

export function registerPushCommand(program: Command): void {
  program
    .command('push')
    .description('Upload the runs recorded at `share` consent to the team store (only those; redacted again; each run once).')
    .argument('[runIds...]', 'only these runs (default: every shared run)')
    .option('-w, --workspace <dir>', 'the workspace whose runs to push (default: the current folder)', '.')
    .option('--dir <dir>', 'a trajectory folder instead of the workspace\'s (then each run\'s own consent decides)')
    .option('--to <url>', 'the team store: postgres://USER:PASSWORD@HOST:PORT/DATABASE (default: $CRUX_TEAM_URL)')
    .option('-q, --quiet', 'print only the summary', false)
    .action(async (runIds: string[], options: PushCliOptions) => {
      process.exitCode = await push(runIds, options);
    });
}

async function push(runIds: string[], options: PushCliOptions): Promise<number> {
  const url = teamUrl(options.to);
  if (options.dir !== undefined && isTeamUrl(options.dir)) throw new UsageError('--dir is the folder runs are pushed from; the team store goes in --to');
  const source = await openStore(options);
  const consent = options.dir !== undefined ? null : await readConsent(await workspaceRoot(options.workspace));
  const log = stderrLog();
  const target = new PgRunStore(url, { onRetry: (message) => log.warn(message) });
  const say = (line: string) => process.stdout.write(`${line}\n`);
  try {
    const report = await pushRuns({
      source, target, consent, ledger: await PushLedger.open(resolve(source.location)),
      ...(runIds.length > 0 ? { runIds } : {}),
      onRun: (runId, outcome) => {
        if (!options.quiet) say(`${runId}: ${describe(outcome)}`);
      },
    });
    if (report.stopped) {
      say(`crux: ${report.stopped}`);
      return ExitCode.Ok;
    }
    say(`crux: pushed to ${target.location}: ${report.created} new, ${report.updated} updated, ${report.unchanged} already there, ` +
      `${report.skipped.length} skipped, ${report.refused.length} refused`);
    for (const refused of report.refused) process.stderr.write(`crux: ${refused.reason}\n`);
    return report.refused.length > 0 ? ExitCode.Failed : ExitCode.Ok;
  } finally {
    await target.close();
  }
}

function describe(outcome: PushOutcome): string {
  if (typeof outcome === 'string') return outcome === 'created' ? 'uploaded' : outcome === 'updated' ? 'updated' : 'already there';
  return 'skipped' in outcome ? `skipped: ${outcome.skipped}` : `refused: ${outcome.refused}`;
}
