// The trajectory viewer page: one file, which may hold several runs (imports of JSON Lines
// files do), one of them shown.
import { arrayOf, exactObject, isBoolean, isNonNegativeInt, isString, nullable, type FieldChecks } from './checks';
import { panelErrorChecks, panelReadyChecks, type PanelErrorMessage, type PanelReadyMessage } from './panels';
import { unionParser, type ParseResult } from './union';
import { isViewerAction, isViewerRun, type ViewerAction, type ViewerRun } from './viewer-run';

/** One run of the file, for the run picker. */
export interface ViewerRunChoice {
  index: number;
  runId: string;
  title: string;
  steps: number;
  resolved: boolean | null;
}

export interface ViewerShowMessage {
  type: 'viewer-show';
  /** The file's path, for the header. */
  file: string;
  runs: ViewerRunChoice[];
  /** The `index` of the run shown. */
  selected: number;
  /** The run with its first actions; the rest follow in `viewer-actions` messages, so the
   * first rows are on screen at once however long the run is. */
  run: ViewerRun;
  /** Actions of the run in all. */
  totalActions: number;
  /** Scroll to this step once shown (opened from a tree node), else null. */
  revealStep: number | null;
  /** Files that failed to load beside the runs that did (the file is partly unreadable). */
  loadErrors: string[];
}

/** More actions of the run shown, `start` being the position of the first in the run. */
export interface ViewerActionsMessage { type: 'viewer-actions'; runId: string; start: number; actions: ViewerAction[] }

/** The file holds no run the importers could read. */
export interface ViewerEmptyMessage { type: 'viewer-empty'; file: string; reason: string }
export interface ViewerRevealMessage { type: 'viewer-reveal'; step: number }

export type ViewerHostMessage = ViewerShowMessage | ViewerActionsMessage | ViewerEmptyMessage | ViewerRevealMessage | PanelErrorMessage;

export interface ViewerSelectRunMessage { type: 'viewer-select-run'; index: number }
/** Open the file in VS Code's text editor. */
export interface ViewerOpenTextMessage { type: 'viewer-open-text' }

export type ViewerPageMessage = PanelReadyMessage | ViewerSelectRunMessage | ViewerOpenTextMessage;

export type ViewerPageMessageType = ViewerPageMessage['type'];
export type ViewerPageMessageOf<T extends ViewerPageMessageType> = Extract<ViewerPageMessage, { type: T }>;
export type ViewerHostMessageType = ViewerHostMessage['type'];
export type ViewerHostMessageOf<T extends ViewerHostMessageType> = Extract<ViewerHostMessage, { type: T }>;

const choiceChecks: FieldChecks<ViewerRunChoice> = {
  index: isNonNegativeInt, runId: isString, title: isString, steps: isNonNegativeInt, resolved: nullable(isBoolean),
};

export const parseViewerHostMessage: (value: unknown) => ParseResult<ViewerHostMessage> = unionParser<ViewerHostMessage>('viewer message', {
  'viewer-show': {
    file: isString, runs: arrayOf(exactObject(choiceChecks)), selected: isNonNegativeInt, run: isViewerRun, totalActions: isNonNegativeInt,
    revealStep: nullable(isNonNegativeInt), loadErrors: arrayOf(isString),
  },
  'viewer-actions': { runId: isString, start: isNonNegativeInt, actions: arrayOf(isViewerAction) },
  'viewer-empty': { file: isString, reason: isString },
  'viewer-reveal': { step: isNonNegativeInt },
  'panel-error': panelErrorChecks,
});

export const parseViewerPageMessage: (value: unknown) => ParseResult<ViewerPageMessage> = unionParser<ViewerPageMessage>('viewer page message', {
  'panel-ready': panelReadyChecks,
  'viewer-select-run': { index: isNonNegativeInt },
  'viewer-open-text': {},
});
