// The run history page: the workspace's recorded runs, newest first, and what the user can do
// with one (open it, see its task's tree, delete it).
import { arrayOf, exactObject, isBoolean, isNonEmptyString, isNonNegativeInt, isString, nullable, oneOf, type FieldChecks } from './checks';
import { panelErrorChecks, panelReadyChecks, type PanelErrorMessage, type PanelReadyMessage } from './panels';
import { RUN_END_REASONS, type RunEndReason } from './to-webview';
import { unionParser, type ParseResult } from './union';

/** One row of the history: a run's index entry, as the page shows it. */
export interface HistoryRun {
  runId: string;
  taskId: string;
  /** The task's first line. */
  title: string;
  model: string;
  /** 'crux', or the agent an imported run came from. */
  agent: string;
  /** ISO 8601. */
  createdAt: string;
  /** null: still running, or killed before it ended. */
  end: RunEndReason | null;
  steps: number | null;
  resolved: boolean | null;
  verdict: 'accept' | 'reject' | null;
  testPassed: boolean | null;
  emptyPatch: boolean | null;
  /** The run this one branched from ("retry from here"), or null. */
  branchOf: string | null;
  /** A Crux run that never ended and is not running in this window (the window was reloaded
   * or closed mid-run): it can be resumed. */
  interrupted: boolean;
}

export interface HistoryRunsMessage {
  type: 'history-runs';
  /** Where the runs are stored, shown so the user knows which folder this is. */
  storeDir: string;
  runs: HistoryRun[];
}

export type HistoryHostMessage = HistoryRunsMessage | PanelErrorMessage;

export interface HistoryRefreshMessage { type: 'history-refresh' }
export interface HistoryOpenRunMessage { type: 'history-open-run'; runId: string }
/** Deletes the run's file; sent once the user confirmed it in the page. */
export interface HistoryDeleteRunMessage { type: 'history-delete-run'; runId: string }
/** The tree of every stored run of this run's task. */
export interface HistoryOpenTreeMessage { type: 'history-open-tree'; runId: string }
/** Continue an interrupted run in the agent view, where it stopped. */
export interface HistoryResumeRunMessage { type: 'history-resume-run'; runId: string }
/** Show a Crux run as a chat in the agent view: the next message there continues it. */
export interface HistoryOpenChatMessage { type: 'history-open-chat'; runId: string }

export type HistoryPageMessage =
  | PanelReadyMessage
  | HistoryRefreshMessage
  | HistoryOpenRunMessage
  | HistoryDeleteRunMessage
  | HistoryOpenTreeMessage
  | HistoryResumeRunMessage
  | HistoryOpenChatMessage;

export type HistoryPageMessageType = HistoryPageMessage['type'];
export type HistoryPageMessageOf<T extends HistoryPageMessageType> = Extract<HistoryPageMessage, { type: T }>;
export type HistoryHostMessageType = HistoryHostMessage['type'];
export type HistoryHostMessageOf<T extends HistoryHostMessageType> = Extract<HistoryHostMessage, { type: T }>;

const historyRunChecks: FieldChecks<HistoryRun> = {
  runId: isNonEmptyString,
  taskId: isString,
  title: isString,
  model: isString,
  agent: isString,
  createdAt: isString,
  end: nullable(oneOf(...RUN_END_REASONS)),
  steps: nullable(isNonNegativeInt),
  resolved: nullable(isBoolean),
  verdict: nullable(oneOf('accept', 'reject')),
  testPassed: nullable(isBoolean),
  emptyPatch: nullable(isBoolean),
  branchOf: nullable(isNonEmptyString),
  interrupted: isBoolean,
};

export const parseHistoryHostMessage: (value: unknown) => ParseResult<HistoryHostMessage> = unionParser<HistoryHostMessage>('history message', {
  'history-runs': { storeDir: isString, runs: arrayOf(exactObject(historyRunChecks)) },
  'panel-error': panelErrorChecks,
});

export const parseHistoryPageMessage: (value: unknown) => ParseResult<HistoryPageMessage> = unionParser<HistoryPageMessage>('history page message', {
  'panel-ready': panelReadyChecks,
  'history-refresh': {},
  'history-open-run': { runId: isNonEmptyString },
  'history-delete-run': { runId: isNonEmptyString },
  'history-open-tree': { runId: isNonEmptyString },
  'history-resume-run': { runId: isNonEmptyString },
  'history-open-chat': { runId: isNonEmptyString },
});
