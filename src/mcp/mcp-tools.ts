// MCP servers as a source of tools: each server's tools become Tools of the same interface the
// built-in ones implement, so the registry validates their arguments, the approval policy asks
// about them (src/agent/approval-policy.ts: MCP tools ask unless allowed), the trajectory
// records their schemas (header.tools), calls and results, and the loop watch sees them.
// Names are mcp__<server>__<tool> (the OpenAI tool-name alphabet, at most 64 characters).
import type { Log } from '../host/ports';
import { silentLog } from '../host/ports';
import type { JsonSchema } from '../model/types';
import type { Tool, ToolResult } from '../tools/types';
import { headTail } from '../util/head-tail';
import type { McpServerConfig } from './config';
import { DEFAULT_MCP_TIMEOUTS, McpServerConnection, type McpTimeouts, type McpToolInfo } from './server-connection';

export interface McpToolSet {
  tools: Tool[];
  /** The servers that started, with their tools' names as the model sees them. */
  servers: { name: string; tools: string[] }[];
  /** One line per server that failed to start, or tool left out. */
  errors: string[];
  close(): Promise<void>;
}

export interface StartMcpOptions {
  timeouts?: McpTimeouts;
  log?: Log;
}

/** A server that answered: its connection and the tools it listed. */
export type StartedMcpServer = Awaited<ReturnType<typeof McpServerConnection.start>>;

/** Starts every server at once; one that fails is reported in `errors` and the others go on. */
export async function startMcpServers(configs: readonly McpServerConfig[], options: StartMcpOptions = {}): Promise<McpToolSet> {
  const started = await Promise.allSettled(configs.map((config) => McpServerConnection.start(config, options.timeouts ?? DEFAULT_MCP_TIMEOUTS)));
  const connections = started.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value.connection] : []));
  return toolSetOf(started, options.log ?? silentLog, async () => {
    await Promise.all(connections.map((connection) => connection.close()));
  });
}

/** The tools of the servers that started (one name each), and a line per server that did not. */
export function toolSetOf(started: readonly PromiseSettledResult<StartedMcpServer>[], log: Log, close: () => Promise<void>): McpToolSet {
  const tools: Tool[] = [];
  const servers: McpToolSet['servers'] = [];
  const errors: string[] = [];
  const names = new Set<string>();
  for (const outcome of started) {
    if (outcome.status === 'rejected') {
      errors.push(outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason));
      continue;
    }
    const { connection, tools: infos } = outcome.value;
    const server = { name: connection.config.name, tools: [] as string[] };
    for (const info of infos) {
      const tool = mcpTool(connection, info);
      if (names.has(tool.name)) {
        errors.push(`the MCP tool ${connection.config.name}/${info.name} was left out: its name ${tool.name} is taken`);
        continue;
      }
      names.add(tool.name);
      tools.push(tool);
      server.tools.push(tool.name);
    }
    servers.push(server);
    log.info(`MCP server "${server.name}": ${server.tools.length} tool${server.tools.length === 1 ? '' : 's'}`);
  }
  return { tools, servers, errors, close };
}

export function mcpToolName(server: string, tool: string): string {
  return `mcp__${server}__${tool.replace(/[^A-Za-z0-9_-]/g, '_')}`.slice(0, 64);
}

function mcpTool(connection: McpServerConnection, info: McpToolInfo): Tool {
  const server = connection.config.name;
  return {
    name: mcpToolName(server, info.name),
    description: `${info.description || info.name} (tool "${info.name}" of the MCP server "${server}")`,
    parameters: objectSchema(info.inputSchema),
    readOnly: info.readOnlyHint,
    mcp: { server, tool: info.name },
    risk: () => (info.readOnlyHint ? 'read' : info.destructiveHint ? 'destructive' : 'execute'),
    describe: (args) => `MCP ${server}: ${info.name} ${oneLine(JSON.stringify(args), 120)}`,
    execute: async (args, ctx): Promise<ToolResult> => {
      try {
        const result = await connection.call(info.name, args, ctx.signal);
        const capped = headTail(result.text, ctx.limits.maxCommandOutputChars);
        return { output: capped.text || '(the tool returned nothing)', isError: result.isError, truncated: capped.truncated };
      } catch (error) {
        return { output: error instanceof Error ? error.message : String(error), isError: true };
      }
    },
  };
}

/** The SDK guarantees an object schema; a server's extras ($schema, titles) are kept. */
function objectSchema(schema: Record<string, unknown>): JsonSchema {
  const { $schema: _ignored, ...rest } = schema;
  return { type: 'object', ...rest } as JsonSchema;
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
