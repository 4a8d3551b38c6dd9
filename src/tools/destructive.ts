// Commands that can destroy work or reach beyond the workspace. run_command reports them
// as risk 'destructive' so approval policy can always ask, even when ordinary commands are
// auto-approved. This is a tripwire for honest mistakes, not a sandbox: a shell can hide
// anything (variables, eval, scripts), and the list only catches the common spellings.
//
// Deliberately NOT listed: plain `rm file` (removing a single file is routine and shows in
// the patch), redirects into workspace files (`cat > file <<EOF` is how many models write
// files; the change shows in the patch too) and `git push` without force (it adds, it does
// not destroy).

import type { RiskyCommandClass } from './command-classes';

export interface DestructivePattern {
  pattern: RegExp;
  reason: string;
  /** The class a user names to let such commands run unattended (see command-classes.ts). */
  riskClass: RiskyCommandClass;
}

// A command word starts the line or follows a separator, a pipe, `(`, `sudo`, `xargs`, etc.
const START = String.raw`(?:^|[;&|(\x60]|\$\(|\b(?:sudo|xargs|exec|env|nohup|time)\s+)\s*`;
// A file target outside the workspace: absolute (devices that discard or echo aside), home, or up.
const OUTSIDE = String.raw`(?:\/(?!dev\/(?:null|stdout|stderr|tty)\b)|~|\$HOME\b|\.\.\/)`;
const word = (name: string) => new RegExp(`${START}${name}\\b`);
const git = (rest: string) => new RegExp(`${START}git\\b(?:\\s+-[-\\w.=]+(?:\\s+\\S+)?)*?\\s+${rest}`);

export const DESTRUCTIVE_PATTERNS: readonly DestructivePattern[] = [
  { pattern: new RegExp(`${START}rm\\s+(?:-\\S+\\s+)*-[a-zA-Z]*[rR]`), reason: 'recursive delete (rm -r)', riskClass: 'delete' },
  { pattern: new RegExp(`${START}rm\\s+(?:-\\S+\\s+)*--recursive`), reason: 'recursive delete (rm --recursive)', riskClass: 'delete' },
  { pattern: /\bfind\b[^;&|]*\s(?:-delete\b|-exec\s+rm\b)/, reason: 'find that deletes files', riskClass: 'delete' },
  { pattern: git(String.raw`reset\b[^;&|]*--hard`), reason: 'git reset --hard discards changes', riskClass: 'git-discard' },
  { pattern: git(String.raw`clean\b`), reason: 'git clean deletes untracked files', riskClass: 'git-discard' },
  { pattern: git(String.raw`push\b[^;&|]*(?:\s--force\b|\s--force-with-lease\b|\s-[a-zA-Z]*f\b|\s\+\S)`), reason: 'git force push rewrites remote history', riskClass: 'git-history' },
  { pattern: git(String.raw`checkout\b[^;&|]*\s(?:--\s|\.(?:\s|$)|-f\b|--force\b)`), reason: 'git checkout that discards changes', riskClass: 'git-discard' },
  { pattern: git(String.raw`restore\b`), reason: 'git restore discards changes', riskClass: 'git-discard' },
  { pattern: git(String.raw`stash\s+(?:drop|clear)\b`), reason: 'git stash drop/clear loses stashed work', riskClass: 'git-discard' },
  { pattern: git(String.raw`branch\b[^;&|]*\s(?:-D\b|--delete\s+--force\b)`), reason: 'git branch -D deletes an unmerged branch', riskClass: 'git-discard' },
  { pattern: git(String.raw`(?:filter-branch|filter-repo|update-ref\s+-d|reflog\s+expire|gc\s+--prune)\b`), reason: 'git command that rewrites or prunes history', riskClass: 'git-history' },
  { pattern: word('dd'), reason: 'dd writes raw devices or files', riskClass: 'system' },
  { pattern: new RegExp(`${START}(?:mkfs(?:\\.\\w+)?|fdisk|sfdisk|parted|wipefs|shred)\\b`), reason: 'disk formatting or wiping tool', riskClass: 'system' },
  { pattern: new RegExp(`${START}(?:chmod|chown|chgrp)\\s+(?:-\\S+\\s+)*-[a-zA-Z]*R`), reason: 'recursive permission change', riskClass: 'system' },
  { pattern: new RegExp(`${START}sudo\\b`), reason: 'runs as root (sudo)', riskClass: 'system' },
  { pattern: new RegExp(`${START}(?:shutdown|reboot|halt|poweroff)\\b`), reason: 'shuts the machine down', riskClass: 'system' },
  { pattern: /\b(?:curl|wget)\b[^;&]*\|\s*(?:sudo\s+)?(?:ba|z|da)?sh\b/, reason: 'pipes downloaded code into a shell', riskClass: 'remote-code' },
  { pattern: new RegExp(`(?:^|[^<])>{1,2}\\s*${OUTSIDE}`), reason: 'writes to a file outside the workspace', riskClass: 'outside-write' },
  { pattern: new RegExp(`\\btee\\s+(?:-\\S+\\s+)*${OUTSIDE}`), reason: 'writes to a file outside the workspace', riskClass: 'outside-write' },
  { pattern: /:\(\)\s*\{\s*:\s*\|\s*:&\s*\}\s*;\s*:/, reason: 'fork bomb', riskClass: 'system' },
];

/** Why a command counts as destructive, or undefined when it does not match the list. */
export function destructiveReason(command: string): string | undefined {
  return DESTRUCTIVE_PATTERNS.find(({ pattern }) => pattern.test(command))?.reason;
}

/** Every pattern the command matches, in list order. */
export function destructiveMatches(command: string): DestructivePattern[] {
  return DESTRUCTIVE_PATTERNS.filter(({ pattern }) => pattern.test(command));
}
