// `crux consent [off|local|share]`: shows or sets whether runs in a workspace are recorded.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { CONSENT_LEVELS, describeConsentLevel, describeRecording, parseConsentLevel } from '../trajectory/consent';
import type { ConsentLevel } from '../trajectory/format';
import { readConsent, settingsPath, workspaceKey, writeConsent } from './consent-settings';
import { UsageError } from './exit-codes';
import { cliTrajectoryDir } from './recording';

interface ConsentOptions {
  workspace: string;
}

export function registerConsentCommand(program: Command): void {
  program
    .command('consent')
    .description('Show or set whether runs in a workspace are recorded (off | local | share), and what is recorded.')
    .argument('[level]', `one of ${CONSENT_LEVELS.join(', ')}; without it, show the current level`, parseLevel)
    .option('-w, --workspace <dir>', 'the workspace (default: the current folder)', '.')
    .action(async (level: ConsentLevel | undefined, options: ConsentOptions) => {
      const write = (line: string) => process.stdout.write(`${line}\n`);
      const root = await workspaceRoot(options.workspace);
      const storage = cliTrajectoryDir(root);
      if (level === undefined) {
        const current = await readConsent(root);
        write(`Workspace: ${root}`);
        write(`Recording: ${describeConsentLevel(current)}`);
        write(`Settings:  ${settingsPath()}`);
        write('');
        write(describeRecording('local', storage).split('\n').slice(1).join('\n'));
        write('');
        write(`Choose with: crux consent ${CONSENT_LEVELS.join('|')}`);
        return;
      }
      const path = await writeConsent(root, level);
      write(`Recording for ${root} is now ${level} (saved in ${path}).`);
      write(describeRecording(level, storage));
      if (level === 'off') write('Runs recorded before stay where they are; list them with `crux runs` and remove them with `crux runs delete`.');
    });
}

function parseLevel(value: string): ConsentLevel {
  const level = parseConsentLevel(value);
  if (!level) throw new InvalidArgumentError(`must be one of ${CONSENT_LEVELS.join(', ')}.`);
  return level;
}

export async function workspaceRoot(dir: string): Promise<string> {
  const root = resolve(dir);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) throw new UsageError(`the workspace ${root} is not a folder`);
  return workspaceKey(root);
}
