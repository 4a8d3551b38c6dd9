// The one place that decides how Crux runs git: which environment git gets and which `-c`
// settings override the repository's own config, so that no git call Crux makes (tools, final
// patch, checkpoints, rollouts, run metadata) ever runs a program a repository chose.
//
// A repository controls its `.git/config` (and any file it includes) and its tracked files
// (`.gitattributes`). Command-line `-c` settings beat every config file, so each setting that
// names a program is overridden when the repository sets it. The user's own system and global
// config are trusted (they are the user's, e.g. git-lfs's filter): where the repository
// overrides one of those settings, the user's value is put back; where only the repository
// sets it, a value that runs nothing is used.

/** Where a config entry came from, as `git config --list --show-scope` names it. */
export interface ConfigEntry {
  scope: string;
  /** Section and key lower-cased by git; a subsection as written. */
  key: string;
  value: string;
}

export interface GitProfile {
  /** Clone and fetch need transports; calls on the user's workspace never do. */
  allowTransport?: boolean;
  /** A repository Crux created (checkpoints, rollout mirrors and copies): no system config. */
  ownRepository?: boolean;
}

/** Scopes whose values the user (or the machine's administrator) wrote. */
const TRUSTED_SCOPES = new Set(['system', 'global']);

/** Settings every call gets. hooksPath at /dev/null finds no hook (git skips a hook it cannot
 * find); the empty askPass and editor `:` ask and edit nothing; no automatic gc or maintenance
 * leaves a process behind; implicit bare repositories (one committed inside a work tree) are
 * refused; submodules are never recursed into by checkout or reset. */
export const STATIC_OVERRIDES: readonly string[] = [
  'core.fsmonitor=false',
  'core.hooksPath=/dev/null',
  'core.pager=cat',
  'core.editor=:',
  'sequence.editor=:',
  'core.askPass=',
  'commit.gpgSign=false',
  'tag.gpgSign=false',
  'gc.auto=0',
  'maintenance.auto=false',
  'submodule.recurse=false',
  'status.submoduleSummary=false',
  'safe.bareRepository=explicit',
  'protocol.ext.allow=never',
  // Plain, parseable output whatever the user's config says.
  'color.ui=false',
  'core.quotePath=false',
  'diff.noprefix=false',
  'diff.mnemonicPrefix=false',
];

/**
 * Keys (lower-case `section.key`, any subsection removed) whose value git runs as a program or a
 * shell command, with the value that runs nothing. Built from git-config(1); the ones Crux's own
 * calls can reach are also disabled by flags (--no-pager, --no-ext-diff, --no-textconv).
 */
const RUNS_A_PROGRAM: Readonly<Record<string, string>> = {
  'core.fsmonitor': 'false',
  'core.hookspath': '/dev/null',
  'core.pager': 'cat',
  'core.editor': ':',
  'core.askpass': '',
  'core.sshcommand': 'ssh',
  'core.alternaterefscommand': '',
  'sequence.editor': ':',
  'diff.external': '',
  'diff.command': '',
  'diff.textconv': '',
  'difftool.cmd': '',
  'difftool.path': '',
  'mergetool.cmd': '',
  'mergetool.path': '',
  'merge.driver': '',
  'filter.clean': '',
  'filter.smudge': '',
  'filter.process': '',
  'gpg.program': '',
  'gpg.defaultkeycommand': '',
  'remote.uploadpack': 'git-upload-pack',
  'remote.receivepack': 'git-receive-pack',
  'remote.vcs': '',
  'submodule.update': 'none',
  'interactive.difffilter': '',
  'web.browser': '',
  'browser.cmd': '',
  'browser.path': '',
  'man.cmd': '',
  'man.path': '',
  'guitool.cmd': '',
  'sendemail.sendmailcmd': '',
  'sendemail.smtpserver': '',
};

/** Inherited variables git must not see: git's own (GIT_DIR, GIT_EXEC_PATH, GIT_SSH_COMMAND,
 * GIT_CONFIG_PARAMETERS, GIT_EXTERNAL_DIFF, GIT_TRACE2...), the editor and pager ones, and
 * Crux's own (the API key never reaches git or anything it starts). */
const DROPPED_ENV = /^(?:GIT_\w*|EDITOR|VISUAL|PAGER|SSH_ASKPASS|CRUX_\w*)$/i;

/** The variables a caller may set for one call (a temporary index, the checkpoints' git dir). */
export type GitCallEnv = { GIT_INDEX_FILE?: string; GIT_DIR?: string; GIT_WORK_TREE?: string };

/** git's environment: the inherited one without the variables above, plus ours. */
export function gitEnvironment(profile: GitProfile, callEnv: GitCallEnv = {}, inherited: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(inherited)) {
    if (value !== undefined && !DROPPED_ENV.test(key)) env[key] = value;
  }
  Object.assign(env, {
    // Fail instead of waiting for a password or an editor nobody sees.
    GIT_TERMINAL_PROMPT: '0',
    GIT_EDITOR: ':',
    GIT_SEQUENCE_EDITOR: ':',
    GIT_PAGER: 'cat',
    // `git status` must not refresh (rewrite) the user's index.
    GIT_OPTIONAL_LOCKS: '0',
    // A partial clone would fetch missing objects from its promisor remote (git 2.45+).
    GIT_NO_LAZY_FETCH: '1',
  });
  if (profile.ownRepository) env.GIT_CONFIG_NOSYSTEM = '1';
  for (const [key, value] of Object.entries(callEnv)) if (value !== undefined) env[key] = value;
  return env;
}

/** Parses `git config --list --show-scope -z` (or, without scopes, `--list -z`: scope unknown). */
export function parseConfigList(output: string, withScope: boolean): ConfigEntry[] {
  const fields = output.split('\0');
  if (fields.at(-1) === '') fields.pop();
  const entries: ConfigEntry[] = [];
  for (let index = 0; index < fields.length; index++) {
    const scope = withScope ? fields[index++] ?? '' : 'unknown';
    const field = fields[index] ?? '';
    const newline = field.indexOf('\n');
    const key = newline < 0 ? field : field.slice(0, newline);
    entries.push({ scope, key, value: newline < 0 ? '' : field.slice(newline + 1) });
  }
  return entries;
}

/** `section.key` of a config key, its subsection (which may itself hold dots) removed. */
function ruleKey(key: string): string {
  const first = key.indexOf('.');
  const last = key.lastIndexOf('.');
  return (first === last ? key : `${key.slice(0, first)}${key.slice(last)}`).toLowerCase();
}

function filterDriver(key: string): string | undefined {
  const match = /^filter\.(.+)\.(?:clean|smudge|process)$/i.exec(key);
  return match?.[1];
}

/**
 * The `-c` settings that take back every program-naming setting the repository made (local,
 * worktree or included scope, or any scope git could not name), given the effective config.
 */
export function repositoryOverrides(entries: readonly ConfigEntry[], profile: GitProfile): string[] {
  const trusted = (entry: ConfigEntry) => TRUSTED_SCOPES.has(entry.scope);
  const overrides: string[] = [];
  const done = new Set<string>();
  for (const entry of entries) {
    if (trusted(entry) || done.has(entry.key)) continue;
    const rule = ruleKey(entry.key);
    const pager = rule.startsWith('pager.') && !rule.slice('pager.'.length).includes('.');
    if (!(rule in RUNS_A_PROGRAM) && !pager) continue;
    done.add(entry.key);
    const userValue = entries.filter((other) => other.key === entry.key && trusted(other)).at(-1);
    overrides.push(`${entry.key}=${userValue ? userValue.value : pager ? 'false' : RUNS_A_PROGRAM[rule]}`);
    // A driver left without a command must not turn into a failing "required" filter.
    const driver = filterDriver(entry.key);
    if (driver !== undefined && !userValue) overrides.push(`filter.${driver}.required=false`);
  }
  // Credential helpers add up rather than replace: an empty value clears the list, then the
  // user's own helpers go back in their order.
  const isHelper = (entry: ConfigEntry) => /^credential\.(?:.+\.)?helper$/i.test(entry.key);
  if (entries.some((entry) => isHelper(entry) && !trusted(entry))) {
    overrides.push('credential.helper=');
    for (const entry of entries) if (isHelper(entry) && trusted(entry)) overrides.push(`${entry.key}=${entry.value}`);
  }
  overrides.push(...protocolOverrides(entries, profile));
  return overrides;
}

/** Work on the user's workspace never needs a transport: every protocol is refused, so no
 * remote helper, ssh or lazy fetch of a partial clone can start. Clones and fetches keep git's
 * defaults, with any protocol setting the repository made put back to the user's or default. */
function protocolOverrides(entries: readonly ConfigEntry[], profile: GitProfile): string[] {
  const keys = new Set(entries.map((entry) => entry.key).filter((key) => /^protocol\.(?:.+\.)?allow$/i.test(key)));
  if (!profile.allowTransport) {
    return ['protocol.allow=never', ...[...keys].filter((key) => key.toLowerCase() !== 'protocol.allow').map((key) => `${key}=never`)];
  }
  const overrides: string[] = [];
  for (const key of keys) {
    if (!entries.some((entry) => entry.key === key && !TRUSTED_SCOPES.has(entry.scope))) continue;
    const userValue = entries.filter((entry) => entry.key === key && TRUSTED_SCOPES.has(entry.scope)).at(-1);
    overrides.push(`${key}=${userValue?.value ?? defaultProtocolPolicy(key)}`);
  }
  return overrides;
}

function defaultProtocolPolicy(key: string): string {
  const name = key.toLowerCase().slice('protocol.'.length, -'.allow'.length);
  if (['http', 'https', 'git', 'ssh'].includes(name)) return 'always';
  return name === 'ext' ? 'never' : 'user';
}

/** A local `core.gitProxy` is matched before any `-c` value (first match wins); only the
 * environment variable takes precedence over it, and an empty one means no proxy. */
export function proxyEnvironment(entries: readonly ConfigEntry[]): Record<string, string> {
  const repositoryProxy = entries.some((entry) => entry.key.toLowerCase() === 'core.gitproxy' && !TRUSTED_SCOPES.has(entry.scope));
  return repositoryProxy ? { GIT_PROXY_COMMAND: '' } : {};
}

/** `-c` pairs as git's global options. */
export function configArgs(settings: readonly string[]): string[] {
  return settings.flatMap((setting) => ['-c', setting]);
}
