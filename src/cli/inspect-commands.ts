// The commands that read runs rather than make them: import, show and replay. Registered
// together so main.ts needs one line for them.
import type { Command } from 'commander';
import { registerImportCommand } from './import-command';
import { registerReplayCommand } from './replay-command';
import { registerShowCommand } from './show-command';

export function registerInspectCommands(program: Command): void {
  registerImportCommand(program);
  registerShowCommand(program);
  registerReplayCommand(program);
}
