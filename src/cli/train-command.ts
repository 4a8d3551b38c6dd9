// `crux train sft|dpo|kto`: runs the training recipe (train/crux_train.py: TRL + PEFT LoRA) on a
// file Crux wrote. The Python comes from CRUX_TRAIN_PYTHON, else the environment that
// scripts/setup-train-venv.sh builds (keyed by train/requirements.txt); without either it says
// how to get one. Arguments after the options go to the recipe as they are.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ExitCode, UsageError } from './exit-codes';
import { oneOf } from './options';

/** train/ beside the CLI bundle (dist/cli.js) or the sources (src/cli). */
function recipeDir(): string {
  for (const candidate of [join(__dirname, '..', 'train'), join(__dirname, '..', '..', 'train')]) {
    if (existsSync(join(candidate, 'crux_train.py'))) return candidate;
  }
  throw new UsageError('the training recipe (train/crux_train.py) is not next to this crux');
}

/** The Python to train with, or a UsageError that says how to get one. */
export function trainingPython(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CRUX_TRAIN_PYTHON) return env.CRUX_TRAIN_PYTHON;
  const requirements = readFileSync(join(recipeDir(), 'requirements.txt'));
  const hash = createHash('sha256').update(requirements).digest('hex').slice(0, 16);
  const root = env.CRUX_TRAIN_VENV_ROOT ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'crux', 'train-venv');
  const python = join(root, hash, 'bin', 'python');
  if (existsSync(join(root, hash, '.complete')) && existsSync(python)) return python;
  throw new UsageError(`no training environment: run scripts/setup-train-venv.sh (builds ${join(root, hash)} once), ` +
    'or set CRUX_TRAIN_PYTHON to a python with trl, peft and transformers');
}

interface TrainOptions {
  data: string;
  model: string;
  out: string;
  maxSteps?: string;
  merge: boolean;
}

export function registerTrainCommand(program: Command): void {
  program
    .command('train')
    .description('Fine-tune a model with LoRA on a file from crux sft, crux pairs or crux export --format kto (TRL + PEFT).')
    .argument('<kind>', 'sft, dpo or kto', oneOf(['sft', 'dpo', 'kto'] as const))
    .argument('[recipe-args...]', 'more options for train/crux_train.py (after --), e.g. -- --lora-r 64 --bf16')
    .requiredOption('--data <file>', 'the JSON Lines file')
    .requiredOption('--model <dir>', 'the base model (a Hugging Face folder or hub id)')
    .requiredOption('-o, --out <dir>', 'where the adapter goes')
    .option('--max-steps <n>', 'stop after N optimizer steps')
    .option('--merge', 'also write the merged model to OUT/merged (for GGUF conversion or vLLM)', false)
    .action(async (kind: string, extra: string[], options: TrainOptions) => {
      if (!existsSync(options.data)) throw new UsageError(`${resolve(options.data)} does not exist`);
      const python = trainingPython();
      const args = [join(recipeDir(), 'crux_train.py'), kind, '--data', resolve(options.data), '--model', options.model, '--out', resolve(options.out),
        ...(options.maxSteps ? ['--max-steps', options.maxSteps] : []), ...(options.merge ? ['--merge'] : []), ...extra];
      process.exitCode = await new Promise<number>((done) => {
        const child = spawn(python, args, { stdio: 'inherit' });
        child.on('error', (error) => {
          process.stderr.write(`crux: cannot run ${python}: ${error.message}\n`);
          done(ExitCode.Failed);
        });
        child.on('exit', (code) => done(code === 0 ? ExitCode.Ok : code === 2 ? ExitCode.Usage : ExitCode.Failed));
      });
    });
}
