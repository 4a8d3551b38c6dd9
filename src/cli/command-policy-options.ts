// The command policy from the command line and the CLI's settings file: `--deny-command`,
// `--allow-command` and `--allow-risky` (each repeatable), added to `denyCommands`,
// `allowCommands` and `allowRiskyCommands` in settings.json (see consent-settings.ts for where
// it lives). The settings file is the user's, never the workspace's: a repository cannot
// allow itself anything.
import { InvalidArgumentError, type Command } from 'commander';
import { DEFAULT_APPROVAL_SETTINGS, type ApprovalMode, type ApprovalSettings } from '../agent/approval-policy';
import { isRiskyCommandClass, RISKY_COMMAND_CLASSES, type RiskyCommandClass } from '../tools/command-classes';
import { readSettings, settingsPath } from './consent-settings';
import { UsageError } from './exit-codes';

export interface CommandPolicyOptions {
  denyCommand: string[];
  allowCommand: string[];
  allowRisky: RiskyCommandClass[];
}

export function addCommandPolicyOptions(command: Command, withAllowList = true): Command {
  command
    .option('--deny-command <pattern>', 'never run commands matching this (a command prefix, or /regex/); repeatable', collectPattern('--deny-command'), [])
    .option('--allow-risky <class>', `let commands of this risky class run without asking under auto-approval: ${RISKY_COMMAND_CLASSES.join('|')} (repeatable; see docs/security.md)`, collectClass, []);
  if (withAllowList) command.option('--allow-command <pattern>', 'run commands matching this without asking (a single plain command; prefix or /regex/); repeatable', collectPattern('--allow-command'), []);
  return command;
}

/** The settings of one run: the command line's lists after the settings file's. */
export async function resolveApprovalSettings(options: Partial<CommandPolicyOptions>, mode: ApprovalMode, env: NodeJS.ProcessEnv = process.env): Promise<ApprovalSettings> {
  const file = await readSettings(env).catch((error: unknown) => {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  });
  const unknown = file.allowRiskyCommands.filter((name) => !isRiskyCommandClass(name));
  if (unknown.length > 0) {
    throw new UsageError(`${settingsPath(env)}: allowRiskyCommands holds ${unknown.map((name) => `"${name}"`).join(', ')}, not one of ${RISKY_COMMAND_CLASSES.join(', ')}`);
  }
  for (const pattern of [...file.denyCommands, ...file.allowCommands]) checkPattern(pattern, settingsPath(env));
  return {
    ...DEFAULT_APPROVAL_SETTINGS,
    mode,
    denyCommands: [...file.denyCommands, ...(options.denyCommand ?? [])],
    allowCommands: [...file.allowCommands, ...(options.allowCommand ?? [])],
    allowRiskyCommands: [...new Set([...file.allowRiskyCommands.filter(isRiskyCommandClass), ...(options.allowRisky ?? [])])],
  };
}

function collectPattern(name: string): (value: string, previous: string[]) => string[] {
  return (value, previous) => {
    try {
      checkPattern(value, name);
    } catch (error) {
      throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
    }
    return [...previous, value];
  };
}

function collectClass(value: string, previous: RiskyCommandClass[]): RiskyCommandClass[] {
  if (!isRiskyCommandClass(value)) throw new InvalidArgumentError(`must be one of ${RISKY_COMMAND_CLASSES.join(', ')}.`);
  return [...previous, value];
}

/** An empty pattern or a broken regular expression is a mistake, not "match nothing". */
function checkPattern(pattern: string, where: string): void {
  if (pattern.trim() === '') throw new UsageError(`${where}: a command pattern is empty`);
  const regex = /^\/(.+)\/([a-z]*)$/.exec(pattern);
  if (!regex) return;
  try {
    new RegExp(regex[1] ?? '', regex[2]);
  } catch (error) {
    throw new UsageError(`${where}: ${pattern} is not a valid regular expression (${error instanceof Error ? error.message : String(error)})`);
  }
}
