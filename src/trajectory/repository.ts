// What a trajectory says about the repository a run worked in, and the task id of ad-hoc runs.
import { createHash } from 'node:crypto';
import { gitAt, isGitWorkTree } from '../tools/git';
import { normalizeRemote } from './privacy/exclusions';

export interface RepositoryInfo {
  /** The normalized remote (host/owner/repo) of `origin`, else of the first remote; null
   * without one. */
  remote: string | null;
  /** HEAD's commit when the run started; null outside git or before the first commit. */
  commit: string | null;
  /** Every remote's URL as configured (exclusion checks look at all of them). Never written
   * into a trajectory: URLs can hold credentials. */
  remoteUrls: string[];
}

export const NO_REPOSITORY: RepositoryInfo = { remote: null, commit: null, remoteUrls: [] };

/** Reads remotes and HEAD with git; a folder outside git gives NO_REPOSITORY. */
export async function readRepositoryInfo(root: string): Promise<RepositoryInfo> {
  if (!(await isGitWorkTree(root))) return NO_REPOSITORY;
  const git = gitAt(root);
  const remotes = parseRemotes(await git.raw(['remote', '-v']).catch(() => ''));
  const origin = remotes.find((remote) => remote.name === 'origin') ?? remotes[0];
  const remoteUrls = remotes.map((remote) => remote.url);
  const head = await git.raw(['rev-parse', '--verify', '--quiet', 'HEAD']).catch(() => '');
  const originUrl = origin?.url;
  return {
    remote: originUrl ? normalizeRemote(originUrl) : null,
    commit: head.trim() === '' ? null : head.trim(),
    remoteUrls: [...new Set(remoteUrls)],
  };
}

/** `git remote -v` lines: name, tab, URL, then " (fetch)" or " (push)"; fetch URLs first. */
function parseRemotes(output: string): { name: string; url: string }[] {
  const remotes: { name: string; url: string; fetch: boolean }[] = [];
  for (const line of output.split('\n')) {
    const match = /^(\S+)\t(.*) \((fetch|push)\)$/.exec(line);
    if (match?.[1] && match[2]) remotes.push({ name: match[1], url: match[2], fetch: match[3] === 'fetch' });
  }
  return remotes.sort((a, b) => Number(b.fetch) - Number(a.fetch));
}

/**
 * The task id of an ad-hoc run (one that came with no task id of its own): `adhoc-` and 16 hex
 * digits of sha256 over the normalized remote (or `local`), the starting commit and the task
 * text with line endings unified and outer whitespace trimmed. Runs of the same task from the
 * same starting point share it and so form one SEAlign tree; the commit is part of it because
 * runs that start from different code do not share a prefix.
 */
export function adHocTaskId(repository: Pick<RepositoryInfo, 'remote' | 'commit'>, taskText: string): string {
  const text = taskText.replace(/\r\n?/g, '\n').trim();
  const hash = createHash('sha256')
    .update(`${repository.remote ?? 'local'}\n${repository.commit ?? 'none'}\n${text}`)
    .digest('hex');
  return `adhoc-${hash.slice(0, 16)}`;
}
