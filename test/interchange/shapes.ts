// Checks written files against the published shapes: JSON Schemas (in schemas/) for what a
// schema can say, and code for the rest (ATIF's sequential step ids, observation results that
// answer a call of their own step, ISO timestamps).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';

const ajv = new Ajv({ allErrors: true, strict: false });
const cache = new Map<string, ValidateFunction>();

function validator(name: string): ValidateFunction {
  let validate = cache.get(name);
  if (!validate) {
    if (!ajv.getSchema('trl-messages.schema.json')) ajv.addSchema(JSON.parse(readFileSync(join(__dirname, 'schemas', 'trl-messages.schema.json'), 'utf8')) as object, 'trl-messages.schema.json');
    validate = ajv.compile(JSON.parse(readFileSync(join(__dirname, 'schemas', `${name}.schema.json`), 'utf8')) as object);
    cache.set(name, validate);
  }
  return validate;
}

/** Problems of a value against a schema in schemas/ (empty when it conforms). */
export function schemaErrors(name: string, value: unknown): string[] {
  const validate = validator(name);
  return validate(value) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
}

interface Step {
  step_id: number;
  source: string;
  timestamp?: string;
  tool_calls?: { tool_call_id: string }[];
  observation?: { results: { source_call_id?: string | null }[] };
}

/** Every rule of ATIF v1.7 the Harbor validator enforces that a test can check. */
export function atifErrors(document: unknown): string[] {
  const errors = schemaErrors('atif-v1.7', document);
  if (errors.length > 0) return errors;
  const { steps, subagent_trajectories: subagents } = document as { steps: Step[]; subagent_trajectories?: unknown[] };
  steps.forEach((step, index) => {
    if (step.step_id !== index + 1) errors.push(`steps[${index}].step_id is ${step.step_id}, expected ${index + 1}`);
    if (step.timestamp !== undefined && !Number.isFinite(Date.parse(step.timestamp))) errors.push(`steps[${index}].timestamp is not ISO 8601`);
    const ids = new Set((step.tool_calls ?? []).map((call) => call.tool_call_id));
    if (ids.size !== (step.tool_calls ?? []).length) errors.push(`steps[${index}] repeats a tool_call_id`);
    for (const result of step.observation?.results ?? []) {
      if (result.source_call_id && !ids.has(result.source_call_id)) errors.push(`steps[${index}] answers unknown call ${result.source_call_id}`);
    }
  });
  for (const sub of subagents ?? []) errors.push(...atifErrors(sub));
  return errors;
}
