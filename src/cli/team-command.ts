// `crux team init --url ADMIN_URL` and `crux team add-contributor NAME --url ADMIN_URL`: set a
// team store up on a PostgreSQL server (docs/team.md).
import type { Command } from 'commander';
import { addContributor, initTeam, TEAM_ROLES, type TeamRole } from '../team/admin';
import { maskPassword } from '../team/url';
import { UsageError } from './exit-codes';
import { oneOf } from './options';

export function registerTeamCommand(program: Command): void {
  const team = program
    .command('team')
    .description('Set up a team store on PostgreSQL: `crux team init`, `crux team add-contributor`.');

  team
    .command('init')
    .description('Create (or bring up to date) the team schema, its roles, row-level security policies and the rollout queue. Idempotent.')
    .requiredOption('--url <url>', 'the server as an administrator: postgres://ADMIN:PASSWORD@HOST:PORT/DATABASE')
    .action(async (options: { url: string }) => {
      const report = await initTeam(checkedUrl(options.url));
      process.stdout.write(report.applied.length > 0
        ? `crux: team store ready in database ${report.database} (applied migration ${report.applied.join(', ')})\n`
        : `crux: team store in database ${report.database} is up to date\n`);
      process.stdout.write('crux: next: crux team add-contributor NAME --url ADMIN_URL\n');
    });

  team
    .command('add-contributor')
    .description('Create a login for a contributor (or a rollout worker, or a curator) and print the URL to give them. Again for the same name: a new password.')
    .argument('<name>', 'the login name: lower-case letters, digits and _')
    .requiredOption('--url <url>', 'the server as an administrator')
    .option('--role <role>', `what the login may do: ${TEAM_ROLES.join('|')} (contributor: push and see its own runs; worker: also take rollout jobs; curator: read every run)`,
      oneOf(TEAM_ROLES), 'contributor')
    .action(async (name: string, options: { url: string; role: TeamRole }) => {
      const { url, created } = await addContributor(checkedUrl(options.url), name, options.role);
      process.stderr.write(`crux: ${created ? 'created' : 'set a new password for'} ${options.role} ${name}; give them this URL (it holds their password):\n`);
      process.stdout.write(`${url}\n`);
    });
}

/** The team store's URL: the option, else $CRUX_TEAM_URL. */
export function teamUrl(option: string | undefined, flag = '--to'): string {
  const url = option ?? (process.env.CRUX_TEAM_URL || undefined);
  if (!url) throw new UsageError(`give the team store with ${flag} postgres://… or set CRUX_TEAM_URL`);
  return checkedUrl(url);
}

function checkedUrl(url: string): string {
  if (!/^postgres(ql)?:\/\//i.test(url)) throw new UsageError(`"${maskPassword(url)}" is not a postgres:// URL`);
  return url;
}
