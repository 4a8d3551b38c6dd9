// Which importer reads a parsed file. The order matters: the most specific shapes first, plain
// chat transcripts last (many formats contain a `messages` list).
import { adpCodeActImporter } from './adp-codeact';
import { adpMiniCoderImporter } from './adp-mini-coder';
import { adpNebiusImporter } from './adp-nebius';
import { adpSweGymImporter } from './adp-swe-gym';
import { atifImporter } from './atif';
import { chatImporter } from './chat';
import { asArray, asObject, isObject } from './json';
import { miniSweAgentImporter } from './mini-swe-agent';
import { openHandsImporter } from './openhands';
import { openHandsCompletionsImporter } from './openhands-completions';
import { sweAgentImporter } from './swe-agent';
import type { Importer, KnownFormat } from './types';

export const IMPORTERS: readonly Importer[] = [
  atifImporter,
  openHandsCompletionsImporter,
  miniSweAgentImporter,
  adpNebiusImporter,
  sweAgentImporter,
  adpCodeActImporter,
  adpSweGymImporter,
  adpMiniCoderImporter,
  openHandsImporter,
  chatImporter,
];

export function importerFor(format: Exclude<KnownFormat, 'crux'>): Importer {
  const importer = IMPORTERS.find((candidate) => candidate.format === format);
  if (!importer) throw new Error(`no importer for ${format}`);
  return importer;
}

export function sniff(value: unknown, file: string): Importer | undefined {
  return IMPORTERS.find((importer) => importer.detect(value, file));
}

/** Whether a value that no importer recognised still looks like an agent run (and so deserves
 * an error rather than being skipped as some other JSON file, like a manifest or a config). */
export function looksLikeRun(value: unknown, file: string): boolean {
  if (/\.traj(\.json)?$/.test(file)) return true;
  const object = asObject(value);
  if (object) return ['messages', 'trajectory', 'history', 'conversations', 'events', 'steps'].some((key) => key in object);
  const first = asArray(value)?.find(isObject);
  return !!first && ['role', 'action', 'observation'].some((key) => key in first);
}
