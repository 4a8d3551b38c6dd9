// The state shown by the view outside a run: where the model server is and whether a run
// is going. Sent whole (it is small), so the webview never merges partial updates.
import { arrayOf, describeMismatch, exactObject, isBoolean, isNonEmptyString, isRecord, isString, oneOf, type Check, type FieldChecks } from './checks';

export interface StartCommand {
  /** e.g. "vLLM". */
  label: string;
  /** A shell command line that starts a server Crux can talk to, tool calling enabled. */
  command: string;
}

export type ConnectionState =
  | { status: 'checking'; serverUrl: string }
  /** `server`: what the server reported, in words ("context 8,192 tokens"). */
  | { status: 'connected'; serverUrl: string; serverKind: string; model: string; toolFormat: string; server: string }
  /** The server did not answer, or answered in a way a run cannot start with (no model,
   * several models and none chosen). `error` says which, in words. */
  | { status: 'unavailable'; serverUrl: string; error: string; startCommands: StartCommand[] };

export type ApprovalModeName = 'ask' | 'auto-reads' | 'auto-all';
export const APPROVAL_MODE_NAMES: readonly ApprovalModeName[] = ['ask', 'auto-reads', 'auto-all'];

export interface ViewState {
  connection: ConnectionState;
  running: boolean;
  approvalMode: ApprovalModeName;
}

const startCommandChecks: FieldChecks<StartCommand> = { label: isNonEmptyString, command: isNonEmptyString };

type ConnectionChecks = { readonly [S in ConnectionState['status']]: FieldChecks<Omit<Extract<ConnectionState, { status: S }>, 'status'>> };
const connectionChecks: ConnectionChecks = {
  checking: { serverUrl: isString },
  connected: { serverUrl: isString, serverKind: isString, model: isString, toolFormat: isString, server: isString },
  unavailable: { serverUrl: isString, error: isNonEmptyString, startCommands: arrayOf(exactObject(startCommandChecks)) },
};

export const isConnectionState: Check = (value) => {
  if (!isRecord(value) || typeof value.status !== 'string' || !Object.hasOwn(connectionChecks, value.status)) return false;
  const checks: Readonly<Record<string, Check>> = connectionChecks[value.status as ConnectionState['status']];
  return describeMismatch(value, checks, ['status']) === undefined;
};

const viewStateChecks: FieldChecks<ViewState> = {
  connection: isConnectionState,
  running: isBoolean,
  approvalMode: oneOf(...APPROVAL_MODE_NAMES),
};

export const isViewState: Check = exactObject(viewStateChecks);
