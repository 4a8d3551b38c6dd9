// The `crux` command. Thin: it parses arguments, wires ports and calls the core.
// commander is used for parsing: it gives subcommands, help and usage errors for free.
import { Command, CommanderError } from 'commander';
import { CRUX_VERSION } from '../version';
import { registerRunCommand } from './run-command';
import { registerInspectCommands } from './inspect-commands';
import { registerRolloutCommand } from './rollout-command';
import { registerConsentCommand } from './consent-command';
import { registerRunsCommand } from './runs-command';
import { registerOutcomeCommand } from './outcome-command';
import { registerTreeCommand } from './tree-command';
import { registerPairsCommand } from './pairs-command';
import { registerSftCommand } from './sft-command';
import { registerExportCommand } from './export-command';
import { registerTrainCommand } from './train-command';
import { registerStatsCommand } from './stats-command';
import { registerDetectCommand } from './detect-command';
import { registerEvalDetectorCommand } from './eval-detector-command';
import { registerTeamCommand } from './team-command';
import { registerPushCommand } from './push-command';
import { registerWorkerCommand } from './worker-command';
import { ExitCode, UsageError } from './exit-codes';
import { redactUrlCredentials } from '../model/url-credentials';

export function buildProgram(): Command {
  const program = new Command('crux')
    .description('A coding agent for locally served models (vLLM, SGLang, Ollama, llama.cpp, LM Studio).')
    .version(CRUX_VERSION)
    .showHelpAfterError('(run crux --help for usage)')
    .exitOverride();
  registerRunCommand(program);
  registerInspectCommands(program);
  registerRolloutCommand(program);
  registerConsentCommand(program);
  registerRunsCommand(program);
  registerOutcomeCommand(program);
  registerTreeCommand(program);
  registerPairsCommand(program);
  registerSftCommand(program);
  registerExportCommand(program);
  registerTrainCommand(program);
  registerStatsCommand(program);
  registerDetectCommand(program);
  registerEvalDetectorCommand(program);
  registerTeamCommand(program);
  registerPushCommand(program);
  registerWorkerCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.Ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit with 0; parse errors were already printed by commander.
      return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`crux: ${error.message}\n`);
      return ExitCode.Usage;
    }
    process.stderr.write(`crux: ${redactUrlCredentials(error instanceof Error ? error.message : String(error))}\n`);
    return ExitCode.Failed;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`crux: ${redactUrlCredentials(String(error))}\n`);
      process.exit(ExitCode.Failed);
    },
  );
}
