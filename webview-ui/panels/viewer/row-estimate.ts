// A first guess at how tall a row of the viewer will be, before it is drawn and measured. The
// closer the guess, the less the scroll bar jumps as rows are measured; it need not be exact.
import type { ViewerAction, ViewerCall } from '../../../src/protocol/index';
import { lineCount } from '../format';

export const LINE_PX = 18;
const CODE_LINE_PX = 16;
const ROW_PADDING_PX = 24;
const CALL_HEAD_PX = 30;
const COLLAPSED_PX = 24;
/** Characters per line of wrapped prose, a typical editor width. */
const CHARS_PER_LINE = 110;
/** Observations and diffs longer than this start collapsed (see action-row.ts). */
export const OPEN_LINES = 12;
export const OPEN_CHARS = 1500;

export function startsOpen(text: string): boolean {
  return text.length <= OPEN_CHARS && lineCount(text) <= OPEN_LINES;
}

function proseLines(text: string): number {
  if (text.trim() === '') return 0;
  return text.split('\n').reduce((sum, line) => sum + Math.max(1, Math.ceil(line.length / CHARS_PER_LINE)), 0);
}

function callHeight(call: ViewerCall): number {
  let height = CALL_HEAD_PX + COLLAPSED_PX; // the header and the collapsed arguments
  if (call.invalidReason) height += LINE_PX;
  if (call.observation) {
    const output = call.observation.output;
    height += startsOpen(output) ? COLLAPSED_PX + Math.max(1, lineCount(output)) * CODE_LINE_PX + 12 : COLLAPSED_PX;
  }
  if (call.edit) {
    const lines = lineCount(call.edit.diff);
    height += startsOpen(call.edit.diff) ? 30 + lines * CODE_LINE_PX : COLLAPSED_PX + 8;
  }
  return height;
}

export function estimateAction(action: ViewerAction): number {
  return ROW_PADDING_PX + LINE_PX + proseLines(action.text) * LINE_PX + (action.reasoning ? COLLAPSED_PX : 0)
    + action.calls.reduce((sum, call) => sum + callHeight(call), 0)
    + action.notes.reduce((sum, note) => sum + LINE_PX * (1 + proseLines(note.text)) + 8, 0);
}

export function estimateText(text: string): number {
  return ROW_PADDING_PX + LINE_PX + Math.min(proseLines(text), 12) * LINE_PX;
}
