// A minimal llama-server starter for the training test: serves a GGUF on a free loopback port
// and waits for /health. (The real-engine tier's fuller helper lives in test/support/llama-server
// once it lands; this one needs only the binary of scripts/build-llama-server.sh.)
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface ServedModel {
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function serveGguf(binary: string, model: string, alias: string, timeoutMs = 120_000): Promise<ServedModel> {
  const port = await freePort();
  const child: ChildProcess = spawn(binary, ['-m', model, '--host', '127.0.0.1', '--port', String(port), '--jinja', '--alias', alias,
    '-c', '8192', '-t', '2', '-np', '1', '--no-webui'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => { log = (log + chunk.toString()).slice(-4000); });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`llama-server exited (${child.exitCode}): ${log}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`llama-server did not become healthy: ${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url: `${url}/v1`,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}
