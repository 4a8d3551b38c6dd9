// Recording for `crux run`: decides from the workspace's consent, the --no-record flag and the
// exclusion list whether the run is recorded, says so in one line, and records into
// <workspace>/.crux/trajectories when it is.
import { join } from 'node:path';
import type { CommandResult, Log } from '../host/ports';
import { SWE_BENCH_REPOSITORIES } from '../trajectory/privacy/exclusions';
import { Redactor } from '../trajectory/privacy/redactor';
import { TrajectoryRecorder, type AgentEventSource } from '../trajectory/recorder';
import { readRepositoryInfo, type RepositoryInfo } from '../trajectory/repository';
import { TrajectoryStore } from '../trajectory/store';
import { testResultOf } from '../trajectory/test-result';
import type { ConsentLevel } from '../trajectory/format';
import { readSettings, workspaceKey, type CliSettings } from './consent-settings';

/** Where the CLI keeps a workspace's trajectories. */
export function cliTrajectoryDir(workspaceRoot: string): string {
  return join(workspaceRoot, '.crux', 'trajectories');
}

export interface RunRecording {
  attach(agent: AgentEventSource): void;
  /** Records the test command's result as an outcome update. */
  recordTests(command: string, result: CommandResult): void;
  /** Closes the file and says where it is. */
  close(): void;
}

export interface RunRecordingOptions {
  root: string;
  /** False with --no-record. */
  enabled: boolean;
  write: (line: string) => void;
  log: Log;
  /** The model server's API key: redacted wherever it shows up. */
  apiKey?: string;
  /** A continuation: the run continued and its last step (header.parent), and its task id. */
  continues?: { runId: string; step: number; taskId: string };
  /** The most bytes the run file may take (--max-record-mb). */
  maxFileBytes?: number;
}

const NOT_RECORDING: RunRecording = { attach() {}, recordTests() {}, close() {} };

export async function startRunRecording(options: RunRecordingOptions): Promise<RunRecording> {
  const { root, write, log } = options;
  if (!options.enabled) {
    write('crux: not recording this run (--no-record)');
    return NOT_RECORDING;
  }
  let settings: CliSettings;
  try {
    settings = await readSettings();
  } catch (error) {
    write(`crux: recording is off: ${error instanceof Error ? error.message : String(error)}`);
    return NOT_RECORDING;
  }
  const consent: ConsentLevel = settings.workspaces[await workspaceKey(root)]?.consent ?? 'off';
  if (consent === 'off') {
    write(`crux: recording is off for this workspace; to record runs on this machine: crux consent local --workspace ${quoteIfNeeded(root)}`);
    return NOT_RECORDING;
  }
  let repository: RepositoryInfo;
  try {
    repository = await readRepositoryInfo(root);
  } catch (error) {
    // Without the remotes the exclusion list cannot be checked: fail closed.
    write(`crux: not recording: cannot read the repository's remotes (${error instanceof Error ? error.message : String(error)})`);
    return NOT_RECORDING;
  }
  // No folder from the workspace down to the store may be a link (a repository can commit one).
  const store = new TrajectoryStore(cliTrajectoryDir(root), log, { within: root });
  const recorder = new TrajectoryRecorder({
    store,
    consent,
    repository,
    exclusions: [...SWE_BENCH_REPOSITORIES, ...settings.excludeRepositories],
    redactor: new Redactor({ knownSecrets: options.apiKey ? [options.apiKey] : [] }),
    ...(options.continues ? { parent: { runId: options.continues.runId, step: options.continues.step }, taskId: options.continues.taskId } : {}),
    log,
    ...(options.maxFileBytes !== undefined ? { maxFileBytes: options.maxFileBytes } : {}),
  });
  const status = recorder.status;
  if (status.kind === 'excluded') {
    write(`crux: not recording: ${status.reason}`);
    return NOT_RECORDING;
  }
  try {
    store.prepare();
  } catch (error) {
    write(`crux: not recording: ${error instanceof Error ? error.message : String(error)}`);
    return NOT_RECORDING;
  }
  write(`crux: recording this run (consent: ${consent}; see what is recorded with: crux consent)`);
  return {
    attach: (agent) => {
      recorder.attach(agent);
    },
    recordTests: (command, result) => {
      const test = testResultOf(command, result);
      recorder.updateOutcome({ test, resolved: test.passed, origin: 'crux run --test-cmd' });
    },
    close: () => {
      recorder.close();
      const after = recorder.status;
      if (after.kind === 'failed') write(`crux: the trajectory is incomplete: ${after.reason}${after.path ? ` (${after.path})` : ''}`);
      else if (recorder.path) {
        write(`crux: trajectory written to ${recorder.path}`);
        write(`crux: follow up with: crux run -w ${quoteIfNeeded(options.root)} --continue last -t '...'`);
      }
    },
  };
}

function quoteIfNeeded(path: string): string {
  return /^[\w@%+=:,./~-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}
