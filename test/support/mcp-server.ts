// A real MCP server for the tests, written with the official SDK (its low-level Server, plain
// JSON schemas). Run as a script it speaks stdio (MCP_TEST_BEHAVIOUR chooses a misbehaviour at
// start); startHttpMcpServer serves the same tools over Streamable HTTP on loopback.
//   echo {text}        returns the text
//   add {a, b}         read-only (annotated): returns a + b
//   fail               returns an error result
//   hang               never answers (the call must time out)
//   crash              the stdio process exits at once
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

export const MCP_SERVER_SCRIPT = __filename;

/** The command line that starts the stdio server (node with tsx, as the tests run), from any
 * working folder (a VS Code extension host's is not the repository). */
export function stdioServerCommand(): { command: string; args: string[] } {
  const tsx = pathToFileURL(join(__dirname, '..', '..', 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  return { command: process.execPath, args: ['--import', tsx, MCP_SERVER_SCRIPT] };
}

/** Every call the server got, for assertions (HTTP server only: in this process). */
export interface HttpMcpServer {
  url: string;
  calls: { tool: string; args: unknown }[];
  close(): Promise<void>;
}

function createMcpServer(calls: HttpMcpServer['calls']): Server {
  const server = new Server({ name: 'crux-test-mcp', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: [
      {
        name: 'echo', description: 'Echo the text back.',
        inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
      },
      {
        name: 'add', description: 'Add two numbers.', annotations: { readOnlyHint: true },
        inputSchema: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { a: { type: 'number' }, b: { type: 'number', format: 'double' } }, required: ['a', 'b'] },
      },
      { name: 'fail', description: 'Always fails.', inputSchema: { type: 'object', properties: {} } },
      { name: 'hang', description: 'Never answers.', inputSchema: { type: 'object', properties: {} } },
      { name: 'crash', description: 'Exits the server.', inputSchema: { type: 'object', properties: {} } },
    ],
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const args = (request.params.arguments ?? {}) as Record<string, unknown>;
    calls.push({ tool: request.params.name, args });
    switch (request.params.name) {
      case 'echo':
        return { content: [{ type: 'text', text: `echo: ${String(args.text)}` }] };
      case 'add':
        return { content: [{ type: 'text', text: String(Number(args.a) + Number(args.b)) }] };
      case 'fail':
        return { content: [{ type: 'text', text: 'the tool failed on purpose' }], isError: true };
      case 'hang':
        return new Promise<never>(() => undefined);
      case 'crash':
        process.stderr.write('crux-test-mcp: crashing on purpose\n');
        return process.exit(3);
      default:
        return { content: [{ type: 'text', text: `unknown tool ${request.params.name}` }], isError: true };
    }
  });
  return server;
}

export async function startHttpMcpServer(): Promise<HttpMcpServer> {
  const calls: HttpMcpServer['calls'] = [];
  const http: HttpServer = createServer((req, res) => {
    // Stateless: one server and transport per request, as the SDK's example does.
    const server = createMcpServer(calls);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    server.connect(transport).then(() => transport.handleRequest(req, res)).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    calls,
    close: () => new Promise((resolve) => {
      http.closeAllConnections();
      http.close(() => resolve());
    }),
  };
}

async function main(): Promise<void> {
  const behaviour = process.env.MCP_TEST_BEHAVIOUR ?? '';
  if (behaviour === 'exit-at-start') {
    process.stderr.write('crux-test-mcp: cannot start: missing configuration\n');
    process.exit(2);
  }
  if (behaviour === 'hang-at-start') {
    setInterval(() => undefined, 1000);
    return;
  }
  await createMcpServer([]).connect(new StdioServerTransport());
}

if (require.main === module) void main();
