// Recording consent and the user's verdict in the agent view. The host asks once per
// workspace, before its first run, showing what a recording holds; the words come from
// src/trajectory/consent.ts (sent here, since the page may not import the core).
import { arrayOf, exactObject, isNonEmptyString, isString, oneOf } from './checks';
import type { UnionChecks } from './union';

export type ConsentChoice = 'off' | 'local' | 'share';
export const CONSENT_CHOICES: readonly ConsentChoice[] = ['off', 'local', 'share'];

export type Verdict = 'accept' | 'reject';
export const VERDICTS: readonly Verdict[] = ['accept', 'reject'];

export interface ConsentOption { level: ConsentChoice; description: string }

/** Should runs in this workspace be recorded? Answered with consent-answer. */
export interface ConsentRequestMessage {
  type: 'consent-request';
  requestId: string;
  /** Where recorded runs are written. */
  storage: string;
  /** What a recorded run holds, one item each. */
  items: string[];
  redaction: string;
  exclusion: string;
  options: ConsentOption[];
}

/** The question is no longer open: answered elsewhere (the dialog), or the run stopped. */
export interface ConsentClosedMessage { type: 'consent-closed'; requestId: string; outcome: ConsentChoice | 'cancelled' }

/** The user's verdict on a recorded run was saved into its trajectory. */
export interface VerdictSavedMessage { type: 'verdict-saved'; runId: string; verdict: Verdict }

export type ConsentHostMessage = ConsentRequestMessage | ConsentClosedMessage | VerdictSavedMessage;

export interface ConsentAnswerMessage { type: 'consent-answer'; requestId: string; level: ConsentChoice }
/** Accept or reject what a finished, recorded run did. */
export interface RunVerdictMessage { type: 'run-verdict'; runId: string; verdict: Verdict }

export type ConsentWebviewMessage = ConsentAnswerMessage | RunVerdictMessage;

export const consentHostChecks: UnionChecks<ConsentHostMessage> = {
  'consent-request': {
    requestId: isNonEmptyString, storage: isString, items: arrayOf(isString), redaction: isString, exclusion: isString,
    options: arrayOf(exactObject({ level: oneOf(...CONSENT_CHOICES), description: isString })),
  },
  'consent-closed': { requestId: isNonEmptyString, outcome: oneOf(...CONSENT_CHOICES, 'cancelled') },
  'verdict-saved': { runId: isNonEmptyString, verdict: oneOf(...VERDICTS) },
};

export const consentWebviewChecks: UnionChecks<ConsentWebviewMessage> = {
  'consent-answer': { requestId: isNonEmptyString, level: oneOf(...CONSENT_CHOICES) },
  'run-verdict': { runId: isNonEmptyString, verdict: oneOf(...VERDICTS) },
};
