// The words of the consent question, from the core (src/trajectory/consent.ts), so the editor
// promises exactly what the CLI promises. Pure: no vscode import.
import { CONSENT_LEVELS, EXCLUSION_NOTE, RECORDED_ITEMS, REDACTION_NOTE, describeConsentLevel } from '../../src/trajectory/consent';
import type { ConsentLevel } from '../../src/trajectory/format';
import type { ConsentRequestMessage } from '../../src/protocol';

/** Button labels, in the order offered: the safe choice last, as VS Code places Cancel. */
export const CONSENT_LABELS: Record<ConsentLevel, string> = {
  local: 'Record on this machine',
  share: 'Record, and allow sharing',
  off: "Don't record",
};

/** What `share` means here: where shared runs go, when a team store is set. */
export function describeShare(shareTarget: string | null): string {
  return shareTarget
    ? `share: runs are recorded on this machine, and each one is uploaded after it ends (redacted again) to your team's store at ${shareTarget} (crux.team.url).`
    : describeConsentLevel('share');
}

export function consentRequest(requestId: string, storage: string, shareTarget: string | null = null): ConsentRequestMessage {
  return {
    type: 'consent-request', requestId, storage,
    items: [...RECORDED_ITEMS], redaction: REDACTION_NOTE, exclusion: EXCLUSION_NOTE,
    options: (['local', 'share', 'off'] as const).map((level) => ({ level, description: level === 'share' ? describeShare(shareTarget) : describeConsentLevel(level) })),
  };
}

/** The same explanation as plain text, for the modal dialog. */
export function consentDetail(storage: string, shareTarget: string | null = null): string {
  return [
    'Crux can record each run in this workspace as a trajectory file, to review runs later and to build training data.',
    `Files go to ${storage}. A recorded run holds:`,
    ...RECORDED_ITEMS.map((item) => `• ${item}`),
    '',
    REDACTION_NOTE,
    EXCLUSION_NOTE,
    '',
    ...CONSENT_LEVELS.map((level) => (level === 'share' ? describeShare(shareTarget) : describeConsentLevel(level))),
    'You can change this at any time with "Crux: Set Recording Consent" or the status bar.',
  ].join('\n');
}
