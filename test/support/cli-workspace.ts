// A workspace for end-to-end tests of the CLI bundle: a fresh git repository with the given
// files and recording consent, its own Crux config folder, the protocol-level model server
// (restarted with each script), and readers of what was recorded and what the model was sent.
// Call it inside a mocha `describe`: it registers the hooks that make and remove them per test.
import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ChatMessage } from '../../src/model/types';
import type { Trajectory } from '../../src/trajectory/format';
import { readTrajectoryFile } from '../../src/trajectory/jsonl';
import { tempDir, type TempDir } from '../trajectory/fixtures';
import { runCli } from './cli';
import { createGitRepo, type GitFixture } from './git-fixture';
import { startModelServer, type ModelServer, type ScriptedTurn } from './model-server';

export interface CliWorkspace {
  readonly repo: GitFixture;
  readonly config: TempDir;
  readonly server: ModelServer | undefined;
  crux(...args: string[]): ReturnType<typeof runCli>;
  /** The workspace's trajectory store. */
  store(): string;
  /** Its recorded runs, oldest first (a parent before its children). */
  runs(): Promise<Trajectory[]>;
  /** The streamed model requests of the current script. */
  streamed(): { messages: ChatMessage[] }[];
  /** Serves these turns from a new model server; returns its URL. */
  serve(turns: ScriptedTurn[]): Promise<string>;
}

export function cliWorkspace(files: Record<string, string>): CliWorkspace {
  let repo: GitFixture | undefined;
  let config: TempDir | undefined;
  let server: ModelServer | undefined;
  let env: Record<string, string> = {};
  const crux = (...args: string[]) => runCli(args, env);
  const store = () => join(workspace.repo.root, '.crux', 'trajectories');
  const workspace: CliWorkspace = {
    get repo() {
      assert.ok(repo, 'the workspace exists inside a test');
      return repo;
    },
    get config() {
      assert.ok(config, 'the workspace exists inside a test');
      return config;
    },
    get server() {
      return server;
    },
    crux,
    store,
    runs: async () => {
      const names = readdirSync(store()).filter((name) => name.endsWith('.jsonl') && name !== 'index.jsonl');
      const all = await Promise.all(names.map((name) => readTrajectoryFile(join(store(), name))));
      return all.sort((a, b) => a.header.createdAt.localeCompare(b.header.createdAt) || (a.header.parent ? 1 : -1));
    },
    streamed: () => (server?.requests ?? []).filter((request) => request.stream) as unknown as { messages: ChatMessage[] }[],
    serve: async (turns) => {
      await server?.close();
      server = await startModelServer({ turns });
      return server.url;
    },
  };
  beforeEach(async () => {
    repo = createGitRepo(files);
    config = tempDir('crux-config-');
    env = { CRUX_CONFIG_DIR: join(config.path, 'crux') };
    assert.equal((await crux('consent', 'local', '--workspace', repo.root)).code, 0);
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    repo?.remove();
    config?.remove();
  });
  return workspace;
}
