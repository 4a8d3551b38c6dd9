// One MCP server, through the official SDK's client: started (a stdio process or a Streamable
// HTTP endpoint), initialised and asked for its tools within a time limit, then called. A server
// that fails to start, crashes or hangs becomes a clear error message, never a hung run: start
// and every call have timeouts, a closed connection fails the calls at once, and what a stdio
// server wrote to stderr last is quoted in the message.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { CRUX_VERSION } from '../version';
import type { McpServerConfig } from './config';

export interface McpToolInfo {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
  readOnlyHint: boolean;
  destructiveHint: boolean;
}

export interface McpContentResult {
  text: string;
  isError: boolean;
}

export interface McpTimeouts {
  /** Starting, initialising and listing the tools. */
  startMs: number;
  /** One tool call. */
  callMs: number;
}

export const DEFAULT_MCP_TIMEOUTS: McpTimeouts = { startMs: 20_000, callMs: 120_000 };

export class McpServerError extends Error {
  override name = 'McpServerError';
}

const STDERR_TAIL_CHARS = 2_000;

export class McpServerConnection {
  private closedBecause: string | null = null;
  private stderrTail = '';

  private constructor(
    readonly config: McpServerConfig,
    private readonly client: Client,
    private readonly transport: Transport,
    private readonly timeouts: McpTimeouts,
  ) {}

  /** Connects and lists the tools; throws McpServerError (and leaves nothing running) on failure. */
  static async start(config: McpServerConfig, timeouts: McpTimeouts = DEFAULT_MCP_TIMEOUTS): Promise<{ connection: McpServerConnection; tools: McpToolInfo[] }> {
    const transport = createTransport(config);
    const client = new Client({ name: 'crux', version: CRUX_VERSION });
    const connection = new McpServerConnection(config, client, transport, timeouts);
    connection.watch();
    try {
      const tools = await withTimeout(connection.connectAndList(), timeouts.startMs, `did not answer within ${timeouts.startMs / 1000} s`);
      return { connection, tools };
    } catch (error) {
      await connection.close();
      throw new McpServerError(`the MCP server "${config.name}" failed to start: ${connection.describe(error)}`);
    }
  }

  get running(): boolean {
    return this.closedBecause === null;
  }

  async call(tool: string, args: Record<string, unknown>, signal: AbortSignal): Promise<McpContentResult> {
    if (this.closedBecause !== null) throw new McpServerError(`the MCP server "${this.config.name}" is not running: ${this.closedBecause}`);
    try {
      const result = await this.client.callTool({ name: tool, arguments: args }, undefined, { signal, timeout: this.timeouts.callMs });
      return { text: contentText(result), isError: result.isError === true };
    } catch (error) {
      if (signal.aborted) throw error;
      throw new McpServerError(`the MCP server "${this.config.name}" failed on ${tool}: ${this.describe(error)}`);
    }
  }

  async close(): Promise<void> {
    this.closedBecause ??= 'it was shut down';
    await this.client.close().catch(() => undefined);
    await this.transport.close().catch(() => undefined);
  }

  private async connectAndList(): Promise<McpToolInfo[]> {
    await this.client.connect(this.transport, { timeout: this.timeouts.startMs });
    const tools: McpToolInfo[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.client.listTools(cursor ? { cursor } : {}, { timeout: this.timeouts.startMs });
      for (const tool of page.tools) {
        tools.push({
          name: tool.name, description: tool.description ?? tool.title ?? '',
          inputSchema: tool.inputSchema as Record<string, unknown>,
          readOnlyHint: tool.annotations?.readOnlyHint === true,
          destructiveHint: tool.annotations?.destructiveHint === true,
        });
      }
      cursor = page.nextCursor;
    } while (cursor);
    return tools;
  }

  private watch(): void {
    const previousClose = this.transport.onclose;
    this.transport.onclose = () => {
      this.closedBecause ??= `it stopped${this.stderrTail ? ` (it wrote: ${lastLine(this.stderrTail)})` : ''}`;
      previousClose?.();
    };
    if (this.transport instanceof StdioClientTransport) {
      this.transport.stderr?.on('data', (chunk: Buffer) => {
        this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
      });
    }
  }

  private describe(error: unknown): string {
    const message = error instanceof Error ? error.message : String(error);
    const stderr = this.stderrTail.trim();
    return stderr && !message.includes(lastLine(stderr)) ? `${message}; it wrote: ${lastLine(stderr)}` : message;
  }
}

function createTransport(config: McpServerConfig): Transport {
  if (config.kind === 'http') {
    return new StreamableHTTPClientTransport(new URL(config.url), { requestInit: { headers: config.headers } });
  }
  // Only the SDK's safe defaults (PATH, HOME, ...) and what the configuration names reach the
  // process: the API keys in Crux's own environment do not.
  return new StdioClientTransport({
    command: config.command, args: config.args, env: { ...getDefaultEnvironment(), ...config.env },
    stderr: 'pipe', ...(config.cwd ? { cwd: config.cwd } : {}),
  });
}

function contentText(result: Awaited<ReturnType<Client['callTool']>>): string {
  const content = Array.isArray(result.content) ? result.content as { type: string; text?: string; mimeType?: string; resource?: { uri?: string; text?: string } }[] : [];
  const parts = content.map((item) => {
    if (item.type === 'text') return item.text ?? '';
    if (item.type === 'resource') return item.resource?.text ?? `[resource ${item.resource?.uri ?? ''}]`;
    if (item.type === 'resource_link') return `[resource link]`;
    return `[${item.type}${item.mimeType ? ` ${item.mimeType}` : ''}]`;
  });
  if (parts.length === 0 && result.structuredContent !== undefined) return JSON.stringify(result.structuredContent);
  return parts.join('\n');
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1)?.slice(0, 300) ?? '';
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(message)), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}
