// Actions written as text, the way bash-only agents write them: mini-swe-agent's one ```bash
// block, SWE-agent's last fenced block, CodeAct's <execute> tags. Each becomes a call named
// after the source's tool (`bash` {command}, `execute` {code}) so tools and loops can be read
// like any other run's; the assistant text itself is kept verbatim.
import type { ToolSpec } from '../../model/types';
import type { CallInput } from './calls';

export const BASH_TOOL: ToolSpec = {
  name: 'bash',
  description: 'Runs a shell command (the only tool of the imported agent; the command was written in the reply text).',
  parameters: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] },
};

/** mini-swe-agent's action pattern: a ```bash block (the agent rejects replies with 0 or 2+). */
export function bashBlocks(text: string): string[] {
  return [...text.matchAll(/```bash\s*\n([\s\S]*?)\n```/g)].map((match) => match[1] ?? '');
}

/** SWE-agent's thought/action parser: the action is the last fenced code block. */
export function lastFencedBlock(text: string): string | undefined {
  const blocks = [...text.matchAll(/^```[^\n`]*\n([\s\S]*?)^```[ \t]*$/gm)];
  const last = blocks[blocks.length - 1];
  return last ? (last[1] ?? '').replace(/\n$/, '') : undefined;
}

export function bashCall(command: string): CallInput {
  return { name: 'bash', arguments: { command } };
}

export interface ParsedObservation {
  output: string;
  exitCode: number | null;
  isError: boolean;
  truncated: boolean;
}

/** mini-swe-agent's observation template: <returncode>N</returncode> and the output, whole in
 * <output> or cut into <output_head>/<output_tail> with an <elided_chars> count. Text without
 * a return code (the final submission, a timeout notice) is kept as it is. */
export function returnCodeObservation(text: string): ParsedObservation {
  const code = /<returncode>(-?\d+)<\/returncode>/.exec(text);
  const whole = /<output>\n?([\s\S]*?)\n?<\/output>/.exec(text);
  const head = /<output_head>\n?([\s\S]*?)\n?<\/output_head>/.exec(text);
  const tail = /<output_tail>\n?([\s\S]*?)\n?<\/output_tail>/.exec(text);
  const timedOut = /timed out and has been killed/.test(text);
  if (!code) return { output: text, exitCode: null, isError: timedOut, truncated: false };
  const exitCode = Number(code[1]);
  if (head || tail) {
    const elided = /<elided_chars>\s*(\d+)/.exec(text)?.[1];
    const marker = `\n[... ${elided ?? 'some'} characters elided ...]\n`;
    return { output: `${head?.[1] ?? ''}${marker}${tail?.[1] ?? ''}`, exitCode, isError: exitCode !== 0, truncated: true };
  }
  return { output: whole ? (whole[1] ?? '') : text, exitCode, isError: exitCode !== 0 || timedOut, truncated: false };
}

/** SWE-agent appends its shell prompt to what the model sees; the observation is the output. */
export function stripSweAgentPrompt(text: string): string {
  return text.replace(/\n?\(Open file: [^\n]*\)\n\(Current directory: [^\n]*\)\n?bash-\$\s*$/, '');
}

/** CodeAct's actions: <execute>python</execute> runs code, <solution>…</solution> proposes
 * the answer. Both are kept, in the order written. */
export function codeActCalls(text: string): CallInput[] {
  const calls: CallInput[] = [];
  for (const match of text.matchAll(/<(execute|solution)>([\s\S]*?)<\/\1>/g)) {
    const body = (match[2] ?? '').trim();
    calls.push(match[1] === 'execute' ? { name: 'execute', arguments: { code: body } } : { name: 'solution', arguments: { answer: body } });
  }
  return calls;
}

export const CODEACT_TOOLS: ToolSpec[] = [
  {
    name: 'execute',
    description: 'Runs Python in the CodeAct environment (written as <execute>…</execute> in the reply).',
    parameters: { type: 'object', properties: { code: { type: 'string' } }, required: ['code'] },
  },
  {
    name: 'solution',
    description: 'Proposes the final answer (written as <solution>…</solution> in the reply).',
    parameters: { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] },
  },
];

/** Specs for tools known only by the names a run used (their schemas were not recorded). */
export function specsForNames(names: Iterable<string>, agent: string): ToolSpec[] {
  return [...new Set(names)].sort().map((name) => ({
    name, description: `A tool of ${agent} (its schema was not recorded in the imported file).`, parameters: { type: 'object' },
  }));
}
