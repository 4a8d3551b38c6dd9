// Runs read from a team store by the commands that read files: `crux show postgres://…/RUN`
// and the alignment commands on `postgres://…`.
import { PgRunStore } from '../team/pg-store';
import { parseTeamUrl } from '../team/url';
import type { LoadedRun, LoadError } from '../trajectory/import';
import { RunStoreError } from '../trajectory/run-store';
import { UsageError } from './exit-codes';
import { CRUX_FORMAT, groupByTask, type RunImporter, type RunRef } from '../align/source';
import type { StuckCheck } from '../align/pipeline';
import type { OpenedRuns } from './align-sources';

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

/** The runs of a team store for the alignment commands: indexed from the runs table (no run
 * is read), then read task by task as the pipeline asks, so memory holds one task's runs. The
 * order is the order of run ids, as a folder's files are read, so the output is the same. */
export async function openTeamRuns(paths: readonly string[], importer: RunImporter, isStuck: StuckCheck): Promise<OpenedRuns> {
  if (paths.length !== 1) throw new UsageError('read one team store at a time (one postgres://… and no folders)');
  const address = parseTeamUrl(paths[0] as string);
  if (address.runId) throw new UsageError(`give the team store (${address.display}), not one run`);
  const store = new PgRunStore(address.connectionString);
  try {
    const refs: RunRef[] = (await store.refs()).map((ref) => ({
      file: `${store.location}/${ref.runId}`, index: 0, format: CRUX_FORMAT,
      runId: ref.runId, taskId: ref.taskId, parent: ref.parent, repository: ref.repository,
    }));
    return {
      set: { index: { refs, errors: [], files: refs.length }, tasks: groupByTask(refs), store },
      deps: { importer, isStuck, pool: null },
      close: () => store.close(),
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
