// A test command's result as a trajectory records it.
import type { CommandResult } from '../host/ports';
import type { TestResult } from './format';

const TAIL_LINES = 50;
const TAIL_CHARS = 4000;

export function testResultOf(command: string, result: Pick<CommandResult, 'exitCode' | 'timedOut' | 'output'>): TestResult {
  let tail = result.output.trimEnd().split('\n').slice(-TAIL_LINES).join('\n');
  if (tail.length > TAIL_CHARS) tail = tail.slice(-TAIL_CHARS);
  return {
    command,
    passed: result.exitCode === 0 && !result.timedOut,
    exitCode: result.exitCode,
    timedOut: result.timedOut,
    outputTail: tail,
  };
}
