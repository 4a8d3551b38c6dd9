// The record of a change to one file: a unified diff for people and models, and content
// hashes so trajectories and checkpoints can tell which version a later edit started from.
import { createHash } from 'node:crypto';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import type { FileEdit } from './types';

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Unified diff with git-style a/ b/ names (and /dev/null for a new file); '' when unchanged. */
export function unifiedDiff(rel: string, before: string | null, after: string): string {
  if (before === after) return '';
  return createTwoFilesPatch(before === null ? '/dev/null' : `a/${rel}`, `b/${rel}`, before ?? '', after, undefined, undefined, {
    headerOptions: FILE_HEADERS_ONLY,
  });
}

export function makeFileEdit(rel: string, before: string | null, after: string): FileEdit {
  return {
    path: rel,
    diff: unifiedDiff(rel, before, after),
    beforeHash: before === null ? null : sha256(before),
    afterHash: sha256(after),
  };
}

/** "+3 -1" counted from a unified diff, for one-line summaries. */
export function diffStat(diff: string): string {
  let added = 0;
  let removed = 0;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+') && !line.startsWith('+++')) added++;
    else if (line.startsWith('-') && !line.startsWith('---')) removed++;
  }
  return `+${added} -${removed}`;
}
