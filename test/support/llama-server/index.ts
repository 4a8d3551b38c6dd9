// A real llama.cpp `llama-server` for tests: finds the binary that scripts/build-llama-server.sh
// cached (`npm run setup` builds it), starts it on a free loopback port with a model, waits until
// it has loaded, and stops it. Used by the real-engine tier (test/engine/) and anyone else who
// needs a real OpenAI-compatible server without downloading weights (see tiny-model.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export { writeTinyModel, type TinyModelInfo, type TinyModelOptions } from './tiny-model';
export { HERMES_FINISH_GRAMMAR, QWEN25_TOOLS_TEMPLATE, writeFinishCallingModel } from './presets';

/** Keep in step with scripts/build-llama-server.sh (NLC_VERSION). */
export const NODE_LLAMA_CPP_VERSION = process.env['CRUX_NODE_LLAMA_CPP_VERSION'] ?? '3.22.1';

/** The cache folder build-llama-server.sh fills: bin/llama-server, models/, COMMIT. */
export function llamaServerDir(): string {
  const cache = process.env['CRUX_CACHE'] ?? join(homedir(), '.cache', 'crux');
  return join(cache, 'llama-server', `nlc-${NODE_LLAMA_CPP_VERSION}`);
}

export class LlamaServerMissingError extends Error {
  override name = 'LlamaServerMissingError';
}

/** The llama-server binary; throws a clear "run npm run setup" error when it was never built. */
export function llamaServerBinary(): string {
  const binary = join(llamaServerDir(), 'bin', 'llama-server');
  if (!existsSync(binary)) {
    throw new LlamaServerMissingError(
      `llama-server is not built (${binary} is missing). Run \`npm run setup\` (or \`bash scripts/build-llama-server.sh\`, ` +
        'about 8 minutes on 2 cores; needs cmake and g++) before the real-engine tests.',
    );
  }
  return binary;
}

/** A vocab-only GGUF with a real tokenizer and chat template, e.g. 'qwen2'. */
export function vocabGguf(name = 'qwen2'): string {
  const path = join(llamaServerDir(), 'models', `ggml-vocab-${name}.gguf`);
  if (!existsSync(path)) throw new LlamaServerMissingError(`${path} is missing. Run \`npm run setup\`.`);
  return path;
}

/** The llama.cpp commit the cached binary was built from. */
export function llamaCppCommit(): string {
  try {
    return readFileSync(join(llamaServerDir(), 'COMMIT'), 'utf8').trim();
  } catch {
    return 'unknown';
  }
}

export interface LlamaServerOptions {
  /** Path of the model GGUF (see writeTinyModel). */
  model: string;
  /** Context size (-c); default: what the model declares. */
  ctx?: number;
  /** --jinja: use the model's Jinja chat template (needed for native tool calls). */
  jinja?: boolean;
  /** A Jinja chat template that replaces the model's (--chat-template-file). */
  chatTemplate?: string;
  /** A GBNF grammar applied to every request that does not bring its own (--grammar-file). */
  grammar?: string;
  /** The name /v1/models lists (--alias). */
  alias?: string;
  /** More command-line arguments. */
  args?: readonly string[];
  /** How long loading may take (default 60 s). */
  startTimeoutMs?: number;
}

export interface LlamaServer {
  /** The OpenAI-compatible base URL, http://127.0.0.1:PORT/v1 */
  baseUrl: string;
  /** The server root, http://127.0.0.1:PORT */
  root: string;
  port: number;
  /** What the server printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startLlamaServer(options: LlamaServerOptions): Promise<LlamaServer> {
  const binary = llamaServerBinary();
  const port = await freeLoopbackPort();
  const args = ['-m', options.model, '--host', '127.0.0.1', '--port', String(port), '-t', '2', '-np', '1', '--no-webui'];
  if (options.ctx !== undefined) args.push('-c', String(options.ctx));
  if (options.jinja) args.push('--jinja');
  if (options.alias) args.push('--alias', options.alias);
  if (options.chatTemplate !== undefined || options.grammar !== undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'crux-llama-'));
    if (options.chatTemplate !== undefined) {
      writeFileSync(join(dir, 'template.jinja'), options.chatTemplate);
      args.push('--chat-template-file', join(dir, 'template.jinja'));
    }
    if (options.grammar !== undefined) {
      writeFileSync(join(dir, 'grammar.gbnf'), options.grammar);
      args.push('--grammar-file', join(dir, 'grammar.gbnf'));
    }
  }
  args.push(...(options.args ?? []));
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const root = `http://127.0.0.1:${port}`;
  const server: LlamaServer = {
    baseUrl: `${root}/v1`,
    root,
    port,
    output: () => output,
    stop: () => stopChild(child),
  };
  try {
    await waitHealthy(root, child, options.startTimeoutMs ?? 60_000, () => output);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return server;
}

async function waitHealthy(root: string, child: ChildProcess, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`llama-server exited (${child.exitCode ?? child.signalCode}) while starting:\n${output().slice(-4000)}`);
    }
    try {
      const response = await fetch(`${root}/health`, { signal: AbortSignal.timeout(2000) });
      await response.body?.cancel();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`llama-server did not become healthy within ${timeoutMs} ms:\n${output().slice(-4000)}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
