// Whether and how one editor run is recorded: the workspace's consent, the exclusion list
// (the built-in SWE-bench repositories and crux.recording.excludeRepositories), a Redactor that
// knows the API key, and, for a retry, its parent and task id. Decided before the run starts;
// without consent nothing is written. Pure (no vscode): the extension passes the consent in.
import type { Log } from '../../src/host/ports';
import type { RecordingState, RunBranch } from '../../src/protocol';
import type { ConsentLevel } from '../../src/trajectory/format';
import { SWE_BENCH_REPOSITORIES } from '../../src/trajectory/privacy/exclusions';
import { Redactor } from '../../src/trajectory/privacy/redactor';
import { TrajectoryRecorder } from '../../src/trajectory/recorder';
import { adHocTaskId, NO_REPOSITORY, readRepositoryInfo, type RepositoryInfo } from '../../src/trajectory/repository';
import { TrajectoryStore } from '../../src/trajectory/store';

export interface RecordingRequest {
  consent: ConsentLevel;
  /** The trajectory store's folder; undefined without workspace storage. */
  storeDir: string | undefined;
  root: string;
  task: string;
  apiKey?: string;
  excludeRepositories: readonly string[];
  /** The most bytes one run file may take (crux.recording.maxFileMB). */
  maxFileBytes?: number;
  /** For a retry: the run it branches from, and that run's task id (a retry is the same task). */
  branch?: { parent: RunBranch; taskId: string };
  cruxVersion?: string;
  log: Log;
}

export interface RunRecording {
  /** Attach it to the agent before the run starts; null when nothing is recorded. */
  recorder: TrajectoryRecorder | null;
  state: RecordingState;
  /** One line for the view: where the run is written, or why it is not. */
  detail: string;
  taskId: string;
}

export async function prepareRecording(request: RecordingRequest): Promise<RunRecording> {
  let repository: RepositoryInfo = NO_REPOSITORY;
  let remotesUnreadable: string | null = null;
  try {
    repository = await readRepositoryInfo(request.root);
  } catch (error) {
    remotesUnreadable = error instanceof Error ? error.message : String(error);
  }
  const taskId = request.branch?.taskId ?? adHocTaskId(repository, request.task);
  const skip = (state: RecordingState, detail: string): RunRecording => ({ recorder: null, state, detail, taskId });
  if (request.consent === 'off') return skip('off', 'Not recorded: recording is off for this workspace.');
  if (!request.storeDir) return skip('skipped', 'Not recorded: this window has no workspace storage.');
  // Without the remotes the exclusion list cannot be checked: fail closed.
  if (remotesUnreadable !== null) return skip('skipped', `Not recorded: cannot read the repository's remotes (${remotesUnreadable}).`);
  const recorder = new TrajectoryRecorder({
    store: new TrajectoryStore(request.storeDir, request.log),
    consent: request.consent,
    repository,
    exclusions: [...SWE_BENCH_REPOSITORIES, ...request.excludeRepositories],
    taskId,
    ...(request.branch ? { parent: request.branch.parent } : {}),
    redactor: new Redactor({ knownSecrets: request.apiKey ? [request.apiKey] : [] }),
    ...(request.cruxVersion ? { cruxVersion: request.cruxVersion } : {}),
    log: request.log,
    ...(request.maxFileBytes !== undefined ? { maxFileBytes: request.maxFileBytes } : {}),
  });
  const status = recorder.status;
  if (status.kind === 'excluded') return skip('skipped', `Not recorded: ${status.reason}.`);
  return { recorder, state: 'recording', detail: `Recorded (${request.consent}) in ${request.storeDir}`, taskId };
}
