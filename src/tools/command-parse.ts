// Reads a shell command line as the shell would, into the simple commands it runs, so the
// approval policy matches and classifies commands, not text. Tokenising is shell-quote's (a
// well-kept parser of POSIX quoting, operators and substitutions; string splitting got quotes,
// `<( )`, `>( )` and redirections wrong, see issue 10). On top of its tokens this file builds
// the structure: which commands run, nested in what (a `$( )`, a `<( )`, `sh -c`, `eval`),
// what feeds what through pipes, and where output is redirected.
//
// It is a reader for a policy, not a shell: where it is unsure it reports the command as
// compound, and a compound command never matches the allow list (the user is asked instead).
import { parse, type ParseEntry } from 'shell-quote';

export type Nesting = 'substitution' | 'process-substitution' | 'subshell' | 'shell-c' | 'eval';

export interface SimpleCommand {
  /** The words after quote removal, as written (assignments and wrappers such as sudo kept). */
  words: string[];
  /** From the command's name on: leading `NAME=value`, `sudo`, `env`, `nohup`, `time`, `xargs`... dropped. */
  argv: string[];
  /** The command's name without its folder (`/bin/rm` → rm); '' when there is none. */
  name: string;
  /** Output redirections: the operator and its target word. */
  redirects: { op: string; target: string }[];
  /** Index of the pipeline it belongs to, and its place in it. */
  pipeline: number;
  position: number;
  /** The command this one runs inside (a substitution, `sh -c`, `eval`), if any. */
  parent?: SimpleCommand;
  nesting?: Nesting;
}

export interface ParsedCommand {
  commands: SimpleCommand[];
  /** Why this is more than one plain command (chaining, a substitution, a redirection...);
   * undefined for one plain command, the only shape the allow list matches. */
  compound?: string;
  /** The command line re-spelled from its tokens: quotes removed, so `r""m` reads `rm`. */
  normalized: string;
}

/** Commands that run another command given as their arguments. */
const WRAPPERS = new Set(['sudo', 'doas', 'env', 'nohup', 'time', 'exec', 'command', 'builtin', 'nice', 'ionice', 'stdbuf', 'timeout', 'xargs', 'chronic', 'unbuffer', 'setsid', 'watch']);
export const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'fish', 'ash', 'busybox']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const REDIRECTS = new Set(['>', '>>', '<', '>&', '<&', '>|', '<<<', '&>', '&>>']);
/** Redirections that cannot write anywhere: fd duplication (`2>&1`) and /dev/null. */
const HARMLESS_TARGET = /^(?:\d+|-|\/dev\/null)$/;
const MAX_DEPTH = 6;
/** What stands in a command's words for a `$( )` or `<( )` read as commands of their own. */
export const SUBSTITUTION_WORD = '«substitution»';
export const PROCESS_SUBSTITUTION_WORD = '«process-substitution»';

export function parseCommand(command: string): ParsedCommand {
  const state: ParseState = { commands: [], reasons: new Set(), pipelines: 0 };
  const normalized = walk(command, state, 0, undefined, undefined);
  const reasons = [...state.reasons];
  return { commands: state.commands, ...(reasons.length > 0 ? { compound: reasons.join(', ') } : {}), normalized };
}

interface ParseState {
  commands: SimpleCommand[];
  reasons: Set<string>;
  pipelines: number;
}

interface Building {
  words: string[];
  redirects: { op: string; target: string }[];
  parent: SimpleCommand | undefined;
  nesting: Nesting | undefined;
  position: number;
  pipeline: number;
}

function tokens(command: string): ParseEntry[] {
  try {
    // Variables stay as written ($HOME), so the policy sees an expansion where there is one.
    return parse(command, (name) => `$${name}`);
  } catch {
    return [command];
  }
}

/** Parses one command line into state; returns its normalized spelling. */
function walk(command: string, state: ParseState, depth: number, parent: SimpleCommand | undefined, nesting: Nesting | undefined): string {
  if (depth > MAX_DEPTH) {
    state.reasons.add('nested too deep to read');
    return command;
  }
  if (/[\n\r]/.test(command.trim())) state.reasons.add('several lines');
  if (/\$'[^']*\\/.test(command)) state.reasons.add("$'...' escapes");
  const list = tokens(command);
  const spelled: string[] = [];
  const stack: Building[] = [];
  let current = fresh(state, parent, nesting, 0);
  const finish = () => {
    flush(current, state, depth);
  };
  for (let index = 0; index < list.length; index++) {
    const entry = list[index] as ParseEntry;
    if (typeof entry === 'string') {
      spelled.push(entry);
      current.words.push(entry);
      continue;
    }
    if ('comment' in entry) continue;
    if ('pattern' in entry && entry.op === 'glob') {
      spelled.push(entry.pattern);
      current.words.push(entry.pattern);
      continue;
    }
    const op = 'op' in entry ? String(entry.op) : '';
    spelled.push(op);
    if (REDIRECTS.has(op)) {
      const next = list[index + 1];
      const opensSubstitution = typeof next === 'object' && next !== null && 'op' in next && next.op === '(';
      if (opensSubstitution) continue; // `>(` / `<(`: handled at the `(`
      // A heredoc shows as `<` `<`: its words are data, not commands.
      if (op === '<' && typeof next === 'object' && next !== null && 'op' in next && next.op === '<') {
        state.reasons.add('a here-document');
        index++;
        spelled.push('<');
        continue;
      }
      // `2>&1`: shell-quote leaves the descriptor as a word of its own.
      if (/^\d$/.test(current.words.at(-1) ?? '')) current.words.pop();
      const target = typeof next === 'string' ? next : '';
      if (typeof next === 'string') {
        spelled.push(next);
        index++;
      }
      current.redirects.push({ op, target });
      if (!(op === '>&' || op === '<&' ? /^\d+$|^-$/.test(target) : HARMLESS_TARGET.test(target))) state.reasons.add('a redirection');
      continue;
    }
    if (op === '(' || op === '<(') {
      const before = list[index - 1];
      const previousWord = current.words.at(-1);
      let kind: Nesting = 'subshell';
      if (op === '<(' || before === '<' || (typeof before === 'object' && before !== null && 'op' in before && before.op === '>')) {
        kind = 'process-substitution';
        state.reasons.add('a process substitution');
      } else if (previousWord !== undefined && previousWord.endsWith('$')) {
        kind = 'substitution';
        state.reasons.add('a command substitution');
        current.words[current.words.length - 1] = `${previousWord.slice(0, -1)}${SUBSTITUTION_WORD}`;
      } else {
        state.reasons.add('a subshell');
      }
      if (kind !== 'subshell') {
        if (kind === 'process-substitution') current.words.push(PROCESS_SUBSTITUTION_WORD);
        stack.push(current);
        current = fresh(state, provisional(current), kind, 0);
      } else {
        finish();
        stack.push(current);
        current = fresh(state, parent, nesting, 0);
      }
      continue;
    }
    if (op === ')') {
      finish();
      const outer = stack.pop();
      current = outer ? { ...outer, words: outer.words, redirects: outer.redirects } : fresh(state, parent, nesting, 0);
      if (outer && outer.words.length === 0 && outer.redirects.length === 0) current = fresh(state, parent, nesting, 0);
      continue;
    }
    if (op === '|' || op === '|&') {
      finish();
      current = fresh(state, current.parent, current.nesting, current.position + 1, current.pipeline);
      state.reasons.add('a pipe');
      continue;
    }
    // ; && || & ;; and anything else: one command ends, another begins.
    finish();
    current = fresh(state, current.parent, current.nesting, 0);
    state.reasons.add(op === '&' ? 'a background command' : 'several commands');
  }
  finish();
  while (stack.length > 0) {
    current = stack.pop() as Building;
    finish();
  }
  return spelled.join(' ');
}

function fresh(state: ParseState, parent: SimpleCommand | undefined, nesting: Nesting | undefined, position: number, pipeline?: number): Building {
  return { words: [], redirects: [], parent, nesting, position, pipeline: pipeline ?? state.pipelines++ };
}

/** The outer command of a substitution, as it stands so far: its words may still grow, but its
 * name (what matters to the policy) is known once a substitution is reached. */
function provisional(building: Building): SimpleCommand {
  const argv = commandArgv(building.words);
  return { words: building.words, argv, name: commandName(argv), redirects: building.redirects, pipeline: building.pipeline, position: building.position };
}

function flush(building: Building, state: ParseState, depth: number): void {
  if (building.words.length === 0 && building.redirects.length === 0) return;
  if (state.commands.some((command) => command.words === building.words)) return;
  const argv = commandArgv(building.words);
  const command: SimpleCommand = {
    words: building.words, argv, name: commandName(argv), redirects: building.redirects,
    pipeline: building.pipeline, position: building.position,
    ...(building.parent ? { parent: building.parent } : {}),
    ...(building.nesting ? { nesting: building.nesting } : {}),
  };
  state.commands.push(command);
  if (argv.slice(1).some((word) => word.includes('`') || word.includes('$('))) state.reasons.add('a command substitution');
  else if (building.words.some((word) => word.includes('$'))) state.reasons.add('a variable expansion');
  if (building.words.some((word) => word.includes('`'))) state.reasons.add('a command substitution');
  // Text that runs as a command line of its own: `sh -c '...'`, `eval ...`, `$(...)` inside quotes.
  const script = nestedScript(command);
  if (script !== undefined) {
    state.reasons.add(command.name === 'eval' ? 'eval' : 'a nested shell');
    walk(script, state, depth + 1, command, command.name === 'eval' ? 'eval' : 'shell-c');
  }
  for (const word of building.words) {
    for (const inner of quotedSubstitutions(word)) walk(inner, state, depth + 1, command, 'substitution');
  }
}

function nestedScript(command: SimpleCommand): string | undefined {
  if (command.name === 'eval') return command.argv.slice(1).join(' ');
  if (!SHELLS.has(command.name)) return undefined;
  const flag = command.argv.findIndex((word, index) => index > 0 && /^-[A-Za-z]*c[A-Za-z]*$/.test(word));
  return flag > 0 ? command.argv[flag + 1] : undefined;
}

/** `$(...)` and backquoted text left inside a word (shell-quote keeps double-quoted text whole). */
export function quotedSubstitutions(word: string): string[] {
  const found: string[] = [];
  for (const match of word.matchAll(/`([^`]*)`/g)) found.push(match[1] ?? '');
  let start = word.indexOf('$(');
  while (start >= 0) {
    let depth = 0;
    let end = start + 1;
    for (; end < word.length; end++) {
      if (word[end] === '(') depth++;
      else if (word[end] === ')' && --depth === 0) break;
    }
    found.push(word.slice(start + 2, end));
    start = word.indexOf('$(', end);
  }
  return found;
}

/** The words from the command's name on, without assignments and wrapper commands. */
export function commandArgv(words: readonly string[]): string[] {
  let rest = [...words];
  for (let guard = 0; guard < 8; guard++) {
    while (rest.length > 0 && ASSIGNMENT.test(rest[0] as string)) rest = rest.slice(1);
    const name = baseName(rest[0] ?? '');
    if (!WRAPPERS.has(name)) break;
    rest = rest.slice(1);
    while (rest.length > 0 && (/^-/.test(rest[0] as string) || ASSIGNMENT.test(rest[0] as string))) {
      const option = rest[0] as string;
      rest = rest.slice(1);
      // sudo -u USER, timeout -s SIG, xargs -I {}, nice -n N: options that take a value.
      if (/^-[unsIPLgCDd]$/.test(option) && rest.length > 1) rest = rest.slice(1);
    }
    if (name === 'timeout' && /^\d/.test(rest[0] ?? '')) rest = rest.slice(1);
  }
  return rest;
}

function commandName(argv: readonly string[]): string {
  return baseName(argv[0] ?? '');
}

function baseName(word: string): string {
  return word.replace(/^.*\//, '');
}
