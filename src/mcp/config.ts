// MCP server configuration, in the two shapes people already have: VS Code's .vscode/mcp.json
// ({"servers": {name: {type: "stdio", command, args, env, cwd} | {type: "http", url, headers}}})
// and the {"mcpServers": {...}} shape of Claude Desktop, Cline, Roo and Cursor (a server with
// `command` is stdio, one with `url` is HTTP). Only stdio and Streamable HTTP are spoken; the
// old SSE transport is refused with a clear message. Every problem names the server and field.
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';

export interface StdioServerConfig {
  kind: 'stdio';
  name: string;
  command: string;
  args: string[];
  /** Only these variables (and the SDK's small safe default set: PATH, HOME...) reach the process. */
  env: Record<string, string>;
  cwd?: string;
}

export interface HttpServerConfig {
  kind: 'http';
  name: string;
  url: string;
  headers: Record<string, string>;
}

export type McpServerConfig = StdioServerConfig | HttpServerConfig;

export class McpConfigError extends Error {
  override name = 'McpConfigError';
}

export interface ParseOptions {
  /** Replaces ${workspaceFolder} in commands, arguments, cwd and env (VS Code's variable). */
  workspaceFolder?: string;
  /** Where the file came from, for messages. */
  source?: string;
}

/** Server names become part of tool names (mcp__<server>__<tool>): letters, digits, - and _. */
const SERVER_NAME = /^[A-Za-z0-9_-]{1,32}$/;

export function parseMcpConfig(text: string, options: ParseOptions = {}): McpServerConfig[] {
  const where = options.source ?? 'the MCP configuration';
  // VS Code's mcp.json allows comments and trailing commas (JSONC): read it as VS Code does.
  const errors: ParseError[] = [];
  const data: unknown = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  if (first) {
    const line = text.slice(0, first.offset).split('\n').length;
    throw new McpConfigError(`${where} is not valid JSON: ${printParseErrorCode(first.error)} on line ${line}`);
  }
  return mcpServersOf(data, options);
}

/** The servers of an already parsed object (a VS Code setting's value). */
export function mcpServersOf(data: unknown, options: ParseOptions = {}): McpServerConfig[] {
  const where = options.source ?? 'the MCP configuration';
  if (!isObject(data)) throw new McpConfigError(`${where} must be a JSON object with "servers" or "mcpServers"`);
  const servers = data.servers ?? data.mcpServers;
  if (servers === undefined) throw new McpConfigError(`${where} has neither "servers" (VS Code's mcp.json) nor "mcpServers"`);
  if (!isObject(servers)) throw new McpConfigError(`"servers" in ${where} must be an object of named servers`);
  return Object.entries(servers).map(([name, value]) => parseServer(name, value, where, options.workspaceFolder));
}

function parseServer(name: string, value: unknown, where: string, workspaceFolder: string | undefined): McpServerConfig {
  const at = `MCP server "${name}" in ${where}`;
  if (!SERVER_NAME.test(name)) throw new McpConfigError(`${at}: a server name may hold only letters, digits, - and _ (at most 32)`);
  if (!isObject(value)) throw new McpConfigError(`${at} must be an object`);
  const expand = (text: string): string => (workspaceFolder ? text.replaceAll('${workspaceFolder}', workspaceFolder) : text);
  const type = value.type === undefined ? (value.url !== undefined ? 'http' : 'stdio') : value.type;
  if (type === 'sse') throw new McpConfigError(`${at}: the SSE transport is not supported; use a server that speaks Streamable HTTP ("type": "http")`);
  if (type === 'http' || type === 'streamable-http' || type === 'streamableHttp') {
    const url = stringField(value, 'url', at);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new McpConfigError(`${at}: "url" is not a URL: ${url}`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new McpConfigError(`${at}: "url" must be http or https`);
    return { kind: 'http', name, url: parsed.toString(), headers: stringMap(value, 'headers', at) };
  }
  if (type !== 'stdio') throw new McpConfigError(`${at}: unknown "type" ${JSON.stringify(type)}; use "stdio" or "http"`);
  const args = value.args === undefined ? [] : value.args;
  if (!Array.isArray(args) || !args.every((arg): arg is string => typeof arg === 'string')) {
    throw new McpConfigError(`${at}: "args" must be a list of strings`);
  }
  const env = Object.fromEntries(Object.entries(stringMap(value, 'env', at)).map(([key, text]) => [key, expand(text)]));
  const cwd = value.cwd === undefined ? undefined : expand(stringField(value, 'cwd', at));
  return { kind: 'stdio', name, command: expand(stringField(value, 'command', at)), args: args.map(expand), env, ...(cwd ? { cwd } : {}) };
}

function stringField(object: Record<string, unknown>, field: string, at: string): string {
  const value = object[field];
  if (typeof value !== 'string' || value.trim() === '') throw new McpConfigError(`${at}: "${field}" must be a non-empty string`);
  return value;
}

function stringMap(object: Record<string, unknown>, field: string, at: string): Record<string, string> {
  const value = object[field];
  if (value === undefined) return {};
  if (!isObject(value) || !Object.values(value).every((item) => typeof item === 'string')) {
    throw new McpConfigError(`${at}: "${field}" must be an object of strings`);
  }
  return value as Record<string, string>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
