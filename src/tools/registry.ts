// The tools a run offers, and the gate every model tool call passes before it executes:
// the name must exist and the arguments must fit the tool's JSON Schema. Error texts go
// back to the model as observations, so they name the tool and the field and say what
// was expected in plain words.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { ToolSpec } from '../model/types';
import { closestName } from './closest-name';
import { createFileTool } from './create-file';
import { editFileTool } from './edit-file';
import { finishTool } from './finish';
import { gitDiffTool } from './git-diff';
import { gitStatusTool } from './git-status';
import { listFilesTool } from './list-files';
import { readFileTool } from './read-file';
import { runCommandTool } from './run-command';
import { searchTool } from './search';
import type { Tool } from './types';

export type ValidationResult = { ok: true; tool: Tool; args: Record<string, unknown> } | { ok: false; error: string };

export class ToolRegistry {
  private readonly tools = new Map<string, { tool: Tool; validate: ValidateFunction }>();

  constructor(tools: Tool[]) {
    // coerceTypes: local models often send numbers and booleans as strings ("10", "true");
    // accepting them beats a wasted turn. Arguments are copied before coercion mutates them.
    const ajv = new Ajv({ allErrors: true, coerceTypes: true, strict: true });
    // Schemas from MCP servers use keywords and formats of their own: unknown ones are ignored.
    let lenient: Ajv | undefined;
    for (const tool of tools) {
      if (this.tools.has(tool.name)) throw new Error(`Two tools are named "${tool.name}"`);
      const compiler = tool.mcp ? (lenient ??= new Ajv({ allErrors: true, coerceTypes: true, strict: false, validateFormats: false })) : ajv;
      this.tools.set(tool.name, { tool, validate: compiler.compile(tool.parameters) });
    }
  }

  specs(): ToolSpec[] {
    return [...this.tools.values()].map(({ tool }) => ({ name: tool.name, description: tool.description, parameters: tool.parameters }));
  }

  get(name: string): Tool | undefined {
    return this.tools.get(name)?.tool;
  }

  names(): string[] {
    return [...this.tools.keys()];
  }

  validate(name: string, args: unknown): ValidationResult {
    const entry = this.tools.get(name);
    if (!entry) {
      const suggestion = closestName(name, this.names());
      const hint = suggestion ? ` Did you mean "${suggestion}"?` : '';
      return { ok: false, error: `Unknown tool "${name}".${hint} Available tools: ${this.names().join(', ')}.` };
    }
    // Models sometimes omit arguments entirely for tools that take none.
    const given = args === undefined || args === null ? {} : args;
    if (typeof given !== 'object' || Array.isArray(given)) {
      return { ok: false, error: `Arguments for tool "${name}" must be a JSON object like {"key": value}, got ${describeValue(given)}.` };
    }
    const copy = structuredClone(given) as Record<string, unknown>;
    if (!entry.validate(copy)) {
      const problems = (entry.validate.errors ?? []).map((error) => describeError(error, entry.tool));
      return { ok: false, error: `Invalid arguments for tool "${name}": ${[...new Set(problems)].join('; ')}.` };
    }
    return { ok: true, tool: entry.tool, args: copy };
  }
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `the text ${JSON.stringify(value.slice(0, 80))}` : `${typeof value} ${String(value)}`;
}

function describeError(error: ErrorObject, tool: Tool): string {
  const field = fieldName(error.instancePath);
  const at = field ? `field "${field}"` : 'the arguments';
  switch (error.keyword) {
    case 'required':
      return `missing required field "${joinField(field, String(error.params.missingProperty))}"`;
    case 'additionalProperties': {
      const extra = String(error.params.additionalProperty);
      const known = Object.keys(propertiesAt(tool, field));
      const suggestion = closestName(extra, known);
      const hint = suggestion ? ` (did you mean "${suggestion}"?)` : '';
      return `unknown field "${joinField(field, extra)}"${hint}; allowed fields: ${known.join(', ') || 'none'}`;
    }
    case 'type':
      return `${at} must be ${article(String(error.params.type))}`;
    case 'minLength':
      return `${at} must not be empty`;
    case 'minItems':
      return `${at} must have at least ${String(error.params.limit)} item(s)`;
    case 'minimum':
    case 'exclusiveMinimum':
      return `${at} must be ${error.keyword === 'minimum' ? '>=' : '>'} ${String(error.params.limit)}`;
    default:
      return `${at} ${error.message ?? 'is invalid'}`;
  }
}

/** "/edits/0/old_string" → "edits[0].old_string". */
function fieldName(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((name, part) => (/^\d+$/.test(part) ? `${name}[${part}]` : name ? `${name}.${part}` : part), '');
}

function joinField(parent: string, child: string): string {
  return parent ? `${parent}.${child}` : child;
}

function article(type: string): string {
  return type === 'integer' || type === 'object' || type === 'array' ? `an ${type}` : `a ${type}`;
}

/** The schema properties of the object at `field` ('' for the top level). */
function propertiesAt(tool: Tool, field: string): Record<string, unknown> {
  let schema: unknown = tool.parameters;
  for (const part of field.split(/\.|\[\d+\]/).filter((p) => p !== '')) {
    const object = schema as { properties?: Record<string, unknown> };
    schema = object.properties?.[part];
    const array = schema as { type?: unknown; items?: unknown } | undefined;
    if (array?.type === 'array') schema = array.items;
  }
  return (schema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
}

/** The tools a coding run offers, in the order models see them. */
export function defaultTools(): Tool[] {
  return [readFileTool, listFilesTool, searchTool, editFileTool, createFileTool, runCommandTool, gitStatusTool, gitDiffTool, finishTool];
}

export function createDefaultRegistry(): ToolRegistry {
  return new ToolRegistry(defaultTools());
}
