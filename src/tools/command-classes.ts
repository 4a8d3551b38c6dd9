// The classes of commands Crux asks about even when edits and commands are auto-approved
// (--auto-approve, the `auto-all` mode, rollouts). A user lets a class run unattended only by
// naming it: `--allow-risky CLASS`, `allowRiskyCommands` in the CLI's settings.json, or the
// editor setting `crux.approvals.allowRiskyCommands`. The names are part of that interface.

export const RISKY_COMMAND_CLASSES = [
  'delete',
  'git-discard',
  'git-history',
  'system',
  'outside-write',
  'remote-code',
  'obfuscated',
  'exfiltration',
] as const;

export type RiskyCommandClass = (typeof RISKY_COMMAND_CLASSES)[number];

/** One line per class, for help texts, settings descriptions and docs/security.md. */
export const RISKY_COMMAND_CLASS_DESCRIPTIONS: Record<RiskyCommandClass, string> = {
  delete: 'recursive deletes (rm -r, find -delete, shred)',
  'git-discard': 'git commands that discard work (reset --hard, clean, checkout --, restore, stash drop, branch -D)',
  'git-history': 'git commands that rewrite history (push --force, filter-branch, reflog expire)',
  system: 'sudo, disk tools, dd, recursive chmod/chown, shutdown, fork bombs',
  'outside-write': 'redirections and tee into files outside the workspace',
  'remote-code': 'downloaded code run by a shell or interpreter (curl ... | sh, bash <(curl ...))',
  obfuscated: 'commands that hide what they run (eval, decoded text piped to a shell, a computed command name, quote tricks)',
  exfiltration: 'network commands that send variables, command output or secret files (curl "...$KEY", env | nc)',
};

export function isRiskyCommandClass(value: string): value is RiskyCommandClass {
  return (RISKY_COMMAND_CLASSES as readonly string[]).includes(value);
}
