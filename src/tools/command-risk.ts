// The one command-classification policy: which risky classes a shell command falls in. The
// run_command tool reports it as its risk, the approval policy asks about it even under
// auto-approve, importers label imported runs with it. Every caller (CLI, extension,
// rollouts) goes through assessCommand.
//
// Two readings are combined: the text patterns of destructive.ts, tried on the command as
// written and as the shell reads it (quotes removed, so `r""m -rf` is `rm -rf`), and a
// structural reading of the parsed commands (command-parse.ts) for what text cannot see:
// what a pipe feeds into a shell, what a substitution runs, what a network command sends.
// It is a tripwire, not a sandbox: a script file can do anything, and is not read.
import { type RiskyCommandClass } from './command-classes';
import { PROCESS_SUBSTITUTION_WORD, SHELLS, SUBSTITUTION_WORD, parseCommand, type ParsedCommand, type SimpleCommand } from './command-parse';
import { destructiveMatches } from './destructive';

export interface CommandRisk {
  riskClass: RiskyCommandClass;
  reason: string;
}

export interface CommandAssessment {
  parsed: ParsedCommand;
  /** Distinct classes, each with its first reason; empty for an ordinary command. */
  risks: CommandRisk[];
}

const NETWORK = new Set(['curl', 'wget', 'nc', 'ncat', 'netcat', 'socat', 'telnet', 'ssh', 'scp', 'sftp', 'ftp', 'http', 'https', 'xh', 'aria2c', 'lwp-request', 'fetch', 'openssl']);
/** Network commands that send whatever they read on standard input. */
const SENDS_STDIN = new Set(['nc', 'ncat', 'netcat', 'socat', 'telnet', 'ssh']);
const INTERPRETERS = new Set([...SHELLS, 'python', 'python2', 'python3', 'node', 'nodejs', 'deno', 'bun', 'perl', 'ruby', 'php', 'pwsh', 'lua', 'Rscript']);
const DECODERS = /^(?:base64|base32|basenc|xxd|uudecode|openssl|gzip|gunzip|zcat|rev|tr|printf)$/;
const ENV_DUMPERS = new Set(['env', 'printenv', 'set', 'export', 'declare', 'compgen']);
/** Files and folders whose contents are secrets. */
const SECRET_FILE = /(?:^|[/~])(?:\.ssh|\.aws|\.gnupg|\.kube|\.docker|\.config\/gcloud|\.netrc|\.npmrc|\.pypirc|\.git-credentials|\.env(?:\.[\w-]+)?|id_[a-z0-9]+|[\w-]*credentials[\w.-]*|[\w-]*\.pem|[\w-]*\.key|environ|shadow|passwd)(?:$|\/)/i;
const OUTSIDE_PATH = /^(?:\/(?!dev\/(?:null|stdout|stderr|tty)$)|~|\$HOME\b|\$\{HOME\}|\.\.(?:\/|$))/;

export function assessCommand(command: string): CommandAssessment {
  const parsed = parseCommand(command);
  const risks = new Map<RiskyCommandClass, string>();
  const add = (riskClass: RiskyCommandClass, reason: string) => {
    if (!risks.has(riskClass)) risks.set(riskClass, reason);
  };
  const written = destructiveMatches(command);
  for (const match of written) add(match.riskClass, match.reason);
  for (const match of destructiveMatches(parsed.normalized)) {
    if (written.includes(match)) continue;
    add(match.riskClass, `${match.reason}, spelled to hide it`);
    add('obfuscated', `${match.reason}, spelled to hide it`);
  }
  for (const simple of parsed.commands) {
    const line = simple.words.join(' ');
    if (line !== simple.argv.join(' ') || simple.parent) {
      for (const inner of destructiveMatches(simple.argv.join(' '))) add(inner.riskClass, inner.reason);
    }
    structural(simple, parsed, add);
  }
  if (/\$'[^']*\\(?:x[0-9a-fA-F]|[0-7]{1,3}|u[0-9a-fA-F])/.test(command)) add('obfuscated', "characters hidden in $'...' escapes");
  return { parsed, risks: [...risks].map(([riskClass, reason]) => ({ riskClass, reason })) };
}

function structural(command: SimpleCommand, parsed: ParsedCommand, add: (riskClass: RiskyCommandClass, reason: string) => void): void {
  const { name, argv } = command;
  const sameLine = parsed.commands.filter((other) => other.pipeline === command.pipeline && other !== command);
  const downstream = sameLine.filter((other) => other.position > command.position);
  const upstream = sameLine.filter((other) => other.position < command.position);
  const runsText = (other: SimpleCommand | undefined): boolean =>
    other !== undefined && (other.name === 'eval' || other.name === 'source' || other.name === '.' || (INTERPRETERS.has(other.name) && readsProgramFromInput(other)));

  if (name === 'eval') add('obfuscated', 'eval runs text put together at run time');
  if (name === '' && command.argv.length === 0 && command.words.length > 0) {
    // Only assignments: harmless, unless they hide a substitution (checked through its children).
  } else if (/\$|«/.test(argv[0] ?? '') || (argv[0] ?? '').includes('`')) {
    add('obfuscated', 'the command to run is computed at run time');
  }
  if (INTERPRETERS.has(name) && command.nesting === 'process-substitution' && readsProgramFromInput(command)) {
    add('obfuscated', `${name} in a process substitution runs whatever is written to it`);
  }
  if (INTERPRETERS.has(name) && upstream.length > 0 && readsProgramFromInput(command)) {
    const fromNetwork = upstream.some((other) => NETWORK.has(other.name));
    if (fromNetwork) add('remote-code', `downloaded text piped into ${name}`);
    else add('obfuscated', `text piped into ${name} to run`);
  }
  if (DECODERS.test(name) && (downstream.some(runsText) || runsText(command.parent) || isCommandWord(command))) {
    add('obfuscated', `decoded text (${name}) run as a command`);
  }
  if (NETWORK.has(name)) {
    if (command.parent && (command.nesting === 'substitution' || command.nesting === 'process-substitution')) {
      if (runsText(command.parent) || INTERPRETERS.has(command.parent.name) || isCommandWord(command)) add('remote-code', `downloaded text run by ${displayName(command.parent)}`);
    }
    if (downstream.some((other) => runsText(other))) add('remote-code', `downloaded text piped into ${downstream.find(runsText)?.name ?? 'a shell'}`);
    exfiltration(command, upstream, add);
  }
  if (command.parent && NETWORK.has(command.parent.name) && command.nesting === 'substitution') {
    add('exfiltration', `${command.parent.name} sends the output of ${name || 'a command'}`);
  }
  for (const redirect of command.redirects) {
    if ((redirect.op === '>' || redirect.op === '>>' || redirect.op === '>|' || redirect.op === '&>') && OUTSIDE_PATH.test(redirect.target)) {
      add('outside-write', `writes to ${redirect.target}, outside the workspace`);
    }
  }
  if (command.words.includes(PROCESS_SUBSTITUTION_WORD) && (name === 'source' || name === '.' || INTERPRETERS.has(name))) {
    const inner = parsed.commands.filter((other) => other.parent?.words === command.words && other.nesting === 'process-substitution');
    if (inner.some((other) => NETWORK.has(other.name))) add('remote-code', `${name} runs downloaded text`);
  }
}

function exfiltration(command: SimpleCommand, upstream: SimpleCommand[], add: (riskClass: RiskyCommandClass, reason: string) => void): void {
  const args = command.argv.slice(1);
  const expansion = args.find((word) => /\$[A-Za-z_{(]|`|«/.test(word));
  if (expansion !== undefined) add('exfiltration', `${command.name} sends the value of ${expansion.includes('«') ? 'a command substitution' : shortWord(expansion)}`);
  const upload = args.map(uploadedFile).find((file) => file !== undefined && (file === '-' || OUTSIDE_PATH.test(file) || SECRET_FILE.test(file)));
  if (upload !== undefined) add('exfiltration', upload === '-' ? `${command.name} sends what is piped into it` : `${command.name} uploads ${upload}`);
  if (upstream.length > 0 && SENDS_STDIN.has(command.name)) add('exfiltration', `${command.name} sends what is piped into it`);
  const dumper = upstream.find((other) => ENV_DUMPERS.has(other.name) || other.argv.some((word) => SECRET_FILE.test(word)));
  if (dumper) add('exfiltration', `${command.name} is fed ${ENV_DUMPERS.has(dumper.name) ? 'the environment' : 'a secret file'}`);
}

/** The file a curl/wget argument uploads: `@file` data, `-T file`, `--post-file=file`. */
function uploadedFile(word: string, index: number, words: string[]): string | undefined {
  const at = /^(?:[^=]*=)?@(.+)$/.exec(word);
  if (at && index > 0 && /^(?:-d|--data(?:-binary|-raw|-urlencode|-ascii)?|-F|--form|--json)$/.test(words[index - 1] ?? '')) return at[1];
  if (/^--(?:data(?:-binary|-urlencode|-ascii)?|json)=@/.test(word)) return word.replace(/^[^@]*@/, '');
  if (index > 0 && /^(?:-T|--upload-file)$/.test(words[index - 1] ?? '')) return word;
  const post = /^--(?:post|body)-file=(.+)$/.exec(word);
  return post?.[1];
}

/** True when the interpreter takes its program from standard input: no script named, or `-`/`-s`. */
function readsProgramFromInput(command: SimpleCommand): boolean {
  const args = command.argv.slice(1);
  if (args.some((word) => word === '-' || word === '-s' || word === '/dev/stdin')) return true;
  // `python -c CODE`, `sh -c SCRIPT`, `node -e CODE`: the program is an argument, read elsewhere.
  if (args.some((word) => /^-[A-Za-z]*[ceE]$/.test(word))) return false;
  return args.every((word) => word.startsWith('-'));
}

/** A command whose output becomes the command line of its parent (`$(curl ...)` as the name). */
function isCommandWord(command: SimpleCommand): boolean {
  const parent = command.parent;
  if (!parent || command.nesting !== 'substitution') return false;
  return parent.argv.length === 0 || parent.argv[0]?.includes(SUBSTITUTION_WORD) === true;
}

function displayName(command: SimpleCommand): string {
  return command.name === '' || command.name.includes('«') ? 'the shell' : command.name;
}

function shortWord(word: string): string {
  const variable = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/.exec(word);
  return variable ? `$${variable[1] ?? ''}` : word.slice(0, 40);
}
