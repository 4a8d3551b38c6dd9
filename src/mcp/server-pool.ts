// MCP servers kept running between the runs of one editor window, as VS Code's own MCP support
// keeps them: starting one (an npx download, a container, an HTTP session) can take seconds, and
// the runs of a chat use the same servers. A server is started again when its configuration
// changed or it stopped (a crash), closed when it is no longer configured, and all of them are
// closed after IDLE_MS without a run, and when the window closes. The CLI runs once and starts
// its servers for that run (startMcpServers).
import type { Log } from '../host/ports';
import { silentLog } from '../host/ports';
import type { McpServerConfig } from './config';
import { toolSetOf, type McpToolSet, type StartedMcpServer } from './mcp-tools';
import { DEFAULT_MCP_TIMEOUTS, McpServerConnection, type McpTimeouts } from './server-connection';

/** Servers no run used for this long are closed (a later run starts them again). */
export const IDLE_MS = 15 * 60_000;

interface Entry {
  /** The configuration it was started with (a changed one starts it again). */
  key: string;
  started: Promise<StartedMcpServer>;
}

export interface McpServerPoolOptions {
  timeouts?: McpTimeouts;
  log?: Log;
  idleMs?: number;
}

export class McpServerPool {
  private readonly entries = new Map<string, Entry>();
  private inUse = 0;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: McpServerPoolOptions = {}) {}

  /** The tools of these servers for one run, started or kept from an earlier run. Closing the
   * set hands the servers back to the pool; they keep running. */
  async toolSet(configs: readonly McpServerConfig[]): Promise<McpToolSet> {
    const log = this.options.log ?? silentLog;
    this.inUse++;
    this.stopIdleTimer();
    const wanted = new Map(configs.map((config) => [config.name, keyOf(config)]));
    for (const [name, entry] of this.entries) if (wanted.get(name) !== entry.key) this.drop(name, 'its configuration changed or it is no longer configured');
    for (const config of configs) {
      const entry = this.entries.get(config.name);
      if (entry && await isRunning(entry)) {
        log.info(`MCP server "${config.name}": kept running from an earlier run`);
        continue;
      }
      if (entry) this.drop(config.name, 'it stopped');
      this.entries.set(config.name, { key: keyOf(config), started: McpServerConnection.start(config, this.options.timeouts ?? DEFAULT_MCP_TIMEOUTS) });
    }
    const started = await Promise.allSettled(configs.map((config) => this.entries.get(config.name)?.started ?? Promise.reject(new Error(`the MCP server "${config.name}" was not started`))));
    // One that failed to start is tried again by the next run.
    configs.forEach((config, index) => {
      if (started[index]?.status === 'rejected') this.entries.delete(config.name);
    });
    let released = false;
    return toolSetOf(started, log, async () => {
      if (released) return;
      released = true;
      this.inUse--;
      if (this.inUse === 0) this.startIdleTimer();
    });
  }

  /** Closes every server (the window closes, or they sat idle). */
  async close(): Promise<void> {
    this.stopIdleTimer();
    const closing = [...this.entries.values()].map((entry) => closeEntry(entry));
    this.entries.clear();
    await Promise.all(closing);
  }

  private drop(name: string, why: string): void {
    const entry = this.entries.get(name);
    if (!entry) return;
    this.entries.delete(name);
    (this.options.log ?? silentLog).info(`MCP server "${name}": closed (${why})`);
    void closeEntry(entry);
  }

  private startIdleTimer(): void {
    if (this.entries.size === 0) return;
    this.idleTimer = setTimeout(() => {
      (this.options.log ?? silentLog).info('MCP servers: closed after sitting idle');
      void this.close();
    }, this.options.idleMs ?? IDLE_MS);
    // An idle pool must not keep a process (a test, a CLI) alive.
    this.idleTimer.unref();
  }

  private stopIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }
}

/** The configuration as a key; it stays in memory (its env values may be secrets). */
function keyOf(config: McpServerConfig): string {
  return JSON.stringify(config);
}

async function isRunning(entry: Entry): Promise<boolean> {
  const started = await entry.started.catch(() => null);
  return started !== null && started.connection.running;
}

async function closeEntry(entry: Entry): Promise<void> {
  const started = await entry.started.catch(() => null);
  await started?.connection.close();
}
