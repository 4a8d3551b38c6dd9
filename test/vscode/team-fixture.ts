// A team store for the real-VS-Code tests: a real PostgreSQL with the team schema and one
// contributor, handed to the extension host through the environment.
import { addContributor, initTeam } from '../../src/team/admin';
import { startPostgres } from '../support/postgres';

export interface TeamForVsCode {
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startTeamForVsCode(): Promise<TeamForVsCode> {
  const server = await startPostgres();
  try {
    await initTeam(server.adminUrl);
    const { url } = await addContributor(server.adminUrl, 'vscode_user');
    return { env: { CRUX_TEST_TEAM_URL: url, CRUX_TEST_TEAM_ADMIN_URL: server.adminUrl }, stop: () => server.stop() };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
