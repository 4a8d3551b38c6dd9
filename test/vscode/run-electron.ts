// `npm run test:electron`: the same in-extension-host suite in VS Code desktop (Electron),
// downloaded by @vscode/test-electron. For contributors with internet access (it downloads
// VS Code from update.code.visualstudio.com, which the CI machines cannot reach; they use
// `npm run test:vscode`). On a Linux machine without a display, run it under `xvfb-run -a`.
import { rmSync } from 'node:fs';
import { runTests } from '@vscode/test-electron';
import { startModelServer } from '../support/model-server';
import { buildAll, SUITE_ENTRY } from './build';
import { REPO_ROOT } from './code-server';
import { createExampleWorkspace, makeTestDirs, writeUserSettings } from './fixtures';
import { MODEL, scriptedTurn } from './scenarios';

/** The oldest VS Code that package.json's engines.vscode accepts, unless told otherwise. */
const VERSION = process.env.CRUX_VSCODE_VERSION ?? '1.100.3';

async function main(): Promise<number> {
  await buildAll();
  const dirs = makeTestDirs('crux-electron-');
  createExampleWorkspace(dirs.workspace);
  const model = await startModelServer({ models: [MODEL], turns: (request) => scriptedTurn(request) });
  writeUserSettings(dirs.userData, { 'crux.modelUrl': model.url });
  try {
    return await runTests({
      version: VERSION,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: SUITE_ENTRY,
      extensionTestsEnv: { CRUX_MODEL_URL: model.url },
      launchArgs: [
        dirs.workspace,
        '--user-data-dir', dirs.userData,
        '--extensions-dir', dirs.extensions,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
      ],
    });
  } finally {
    await model.close();
    rmSync(dirs.root, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('test:electron failed:', error);
    process.exit(1);
  },
);
