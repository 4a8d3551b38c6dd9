// Runs the real CLI bundle (dist/cli.js) as a child process, building it once per test run.
import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..', '..');
const cliPath = join(repoRoot, 'dist', 'cli.js');
let built = false;

export function ensureCliBuilt(): void {
  if (built) return;
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  built = true;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<CliResult> {
  ensureCliBuilt();
  return new Promise((resolve) => {
    execFile(
      process.execPath, [cliPath, ...args],
      { env: { ...process.env, CRUX_MODEL_URL: '', ...env }, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error && typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : error ? 1 : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
