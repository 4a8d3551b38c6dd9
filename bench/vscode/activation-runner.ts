// Runs inside VS Code's extension host as the "tests" of a benchmark window: activates an
// empty extension and then Crux, timing each from the call to activate() to its end (code
// loading included), and prints one line the benchmark reads from the browser's console.
import * as vscode from 'vscode';
import { REPORT_PREFIX, type ActivationReport } from './activation-report';

async function activationMs(id: string): Promise<number> {
  const extension = vscode.extensions.getExtension(id);
  if (!extension) throw new Error(`${id} is not loaded in this window`);
  if (extension.isActive) throw new Error(`${id} was active before it was measured`);
  const started = performance.now();
  await extension.activate();
  return performance.now() - started;
}

export async function run(): Promise<void> {
  const hostReady = Date.now();
  const empty = await activationMs('crux-bench.empty');
  const crux = await activationMs('crux-dev.crux');
  const report: ActivationReport = { hostReady, empty, crux };
  console.log(`${REPORT_PREFIX}${JSON.stringify(report)}`);
}
