// Consent levels and the words that tell a user what each one records. The CLI prints them
// (`crux consent`), the extension shows them before asking; both take them from here so the
// promise made to the user is the same everywhere.
import type { ConsentLevel } from './format';

export const CONSENT_LEVELS: readonly ConsentLevel[] = ['off', 'local', 'share'];

export function parseConsentLevel(value: string): ConsentLevel | undefined {
  return CONSENT_LEVELS.find((level) => level === value);
}

/** What a recorded run holds, one item per line. */
export const RECORDED_ITEMS: readonly string[] = [
  'the task text, and the repository remote URL and commit it ran on',
  'the model name, the model server kind and URL, sampling settings and tool definitions',
  "every message sent to the model and its replies: text, reasoning, tool calls as written, token usage and timing",
  'every tool call with its arguments, and its output as the model saw it (file contents read, command output)',
  'every edit as a unified diff with content hashes, and every approval or denial',
  'loop warnings, your messages to the agent, and how the run ended: the final patch, test results, your verdict',
];

export const REDACTION_NOTE =
  'Before anything is written, API keys and tokens, passwords, private keys, credentials in URLs and ' +
  'headers, secrets in .env-style settings and e-mail addresses are replaced by placeholders, and ' +
  'your home folder is written as ~. Redaction is pattern-based: a secret with no recognisable shape ' +
  'or name can get through.';

export const EXCLUSION_NOTE =
  'Repositories of the SWE-bench evaluation sets are never recorded, so collected runs cannot leak ' +
  'into evaluations.';

export function describeConsentLevel(level: ConsentLevel): string {
  switch (level) {
    case 'off':
      return 'off: nothing is recorded; no file or folder is written.';
    case 'local':
      return 'local: runs are recorded and kept on this machine only.';
    case 'share':
      return 'share: runs are recorded on this machine and may be exported to share with your team or for training.';
  }
}

/** The full explanation shown before and after a user chooses a level. */
export function describeRecording(level: ConsentLevel, storage: string): string {
  if (level === 'off') {
    return [describeConsentLevel('off'), 'Turn recording on with one of: local, share.'].join('\n');
  }
  return [
    describeConsentLevel(level),
    `Each run is written as one file under ${storage}, holding:`,
    ...RECORDED_ITEMS.map((item) => `  - ${item}`),
    REDACTION_NOTE,
    EXCLUSION_NOTE,
  ].join('\n');
}
