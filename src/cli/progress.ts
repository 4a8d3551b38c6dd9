// Prints a run's progress as plain lines: one per tool call and result, so it reads well
// in a terminal and in a CI log alike.
import type { AgentEvent } from '../agent/events';
import { describeServerFacts } from '../model/server-facts';
import { diffStat } from '../tools/file-edit';
import type { WaitDisplay } from './first-token-wait';

export interface ProgressOptions {
  write: (line: string) => void;
  /** Also print the model's text and reasoning of each turn. */
  verbose: boolean;
  /** Shows the wait for a turn's first token. */
  wait?: WaitDisplay;
}

const RESULT_PREVIEW_CHARS = 160;

export function createProgressPrinter(options: ProgressOptions): (event: AgentEvent) => void {
  const { write, verbose, wait } = options;
  return (event) => {
    if (event.type === 'model-request') wait?.start(event.step);
    else if (event.type !== 'tool-output' && event.type !== 'checkpoint') wait?.stop();
    switch (event.type) {
      case 'run-started': {
        const server = event.serverFacts ? ` (${describeServerFacts(event.serverFacts)})` : '';
        const budget = event.sampling.maxTokens !== undefined ? `, replies up to ${event.sampling.maxTokens} tokens` : '';
        write(`crux: model ${event.model} on ${event.serverKind}${server} at ${event.serverUrl}, tool format ${event.toolFormat}${budget}, up to ${event.maxSteps} steps`);
        break;
      }
      case 'model-turn': {
        const usage = event.usage ? `, ${event.usage.completionTokens} tokens` : '';
        write(`[step ${event.step}] model replied in ${formatMs(event.latencyMs)}${usage}`);
        if (verbose && event.reasoning) write(indent(`thinking: ${event.reasoning.trim()}`));
        if (verbose && event.content) write(indent(event.content.trim()));
        else if (event.content && event.toolCalls.length === 0) write(indent(oneLine(event.content)));
        break;
      }
      case 'tool-call':
        write(indent(event.valid ? `→ ${event.title}` : `✗ invalid call to ${event.name || '(no name)'}: ${oneLine(event.invalidReason ?? '')}`));
        break;
      case 'approval':
        if (!event.approved) write(indent(`✗ not approved${event.reason ? `: ${event.reason}` : ''}`));
        break;
      case 'tool-result': {
        const exit = event.exitCode !== undefined ? ` exit ${event.exitCode ?? 'killed'},` : '';
        const mark = event.isError ? '✗' : '✓';
        write(indent(`${mark}${exit} ${oneLine(event.output)}`, 2));
        break;
      }
      case 'rules-added':
        write(indent(`rules: ${event.path} applies to ${event.folder}/ (${event.chars} characters${event.truncated ? ', cut' : ''}), given with this result`, 2));
        break;
      case 'edit':
        write(indent(`edited ${event.edit.path} (${diffStat(event.edit.diff)})`, 2));
        break;
      case 'user-message':
        if (event.source !== 'user') write(indent(`(${event.source}) ${oneLine(event.text)}`));
        break;
      case 'loop-warning':
        // A finding is re-sent with the same id when its loop escalates.
        write(indent(`⚠ ${event.finding.severity} [${event.finding.id}]: ${event.finding.evidence.summary}`));
        break;
      case 'recovery':
        write(indent(`↺ ${event.action}${event.toStep !== undefined ? ` to step ${event.toStep}` : ''} (${event.decidedBy})`));
        break;
      case 'error':
        write(`crux: ${event.fatal ? 'error' : 'warning'}: ${event.message}`);
        break;
      case 'run-finished':
      case 'model-request':
      case 'model-delta':
      case 'tool-output':
      case 'checkpoint':
        break;
    }
  };
}

function indent(text: string, level = 1): string {
  const pad = '  '.repeat(level);
  return text.split('\n').map((line) => pad + line).join('\n');
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > RESULT_PREVIEW_CHARS ? `${flat.slice(0, RESULT_PREVIEW_CHARS)}…` : flat;
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
