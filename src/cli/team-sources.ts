// Runs read from a team store by the commands that read files: `crux show postgres://…/RUN`
// and the alignment commands on `postgres://…`.
import { PgRunStore } from '../team/pg-store';
import { parseTeamUrl } from '../team/url';
import type { LoadedRun, LoadError } from '../trajectory/import';
import { RunStoreError } from '../trajectory/run-store';
import { UsageError } from './exit-codes';

/** One run, named by the URL's last part; rendered as `crux show FILE` renders its file. */
export async function loadTeamRun(url: string): Promise<{ runs: LoadedRun[]; errors: LoadError[] }> {
  const address = parseTeamUrl(url);
  if (!address.runId) throw new UsageError(`name the run: ${address.display}/RUN_ID`);
  const store = new PgRunStore(address.connectionString);
  try {
    const summary = await store.find(address.runId);
    const trajectory = await store.read(summary.runId);
    return { runs: [{ file: `${store.location}/${summary.runId}`, index: 0, format: 'crux', trajectory }], errors: [] };
  } catch (error) {
    if (error instanceof RunStoreError) return { runs: [], errors: [{ file: address.display, error: error.message }] };
    throw error;
  } finally {
    await store.close();
  }
}
