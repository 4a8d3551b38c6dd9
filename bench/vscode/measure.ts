// What the benchmark measures in the browser: the viewer's first paint of a run, and the
// agent view taking a streamed reply (text arrival, the page's long tasks, the final text).
import type { Frame, Page } from 'playwright-core';
import { acceptInDialog, runCommand, TIMEOUT, webviewFrame } from '../../test/vscode/workbench';

export interface PaintTiming {
  /** From accepting the file in the dialog to the first rows on screen. */
  totalMs: number;
  /** From the webview page's start to the first rows on screen. */
  inPageMs: number;
  /** Rows in the document once painted (virtualisation keeps this small). */
  rowsDrawn: number;
  /** In the page: its script ready to listen, then the run's data arrived (ms from its start). */
  readyMs: number;
  dataMs: number;
}

/** Opens a run with "Crux: Open Trajectory" and times its first paint (the viewer sets the
 * `crux-viewer-painted` performance mark after the frame that draws the first rows). */
export async function timeViewerPaint(page: Page, file: string): Promise<PaintTiming> {
  await runCommand(page, 'Crux: Open Trajectory');
  const accepted = await acceptInDialog(page, file, 'Open Trajectory');
  const frame = await webviewFrame(page, `document.querySelector('.viewer-file')?.textContent === ${JSON.stringify(file)}`);
  await frame.waitForFunction(`performance.getEntriesByName('crux-viewer-painted').length > 0`, undefined, { timeout: TIMEOUT });
  const mark = await frame.evaluate<{ wall: number; inPage: number; rows: number; ready: number; data: number}>(`(() => {
    const at = (name) => performance.getEntriesByName(name)[0].startTime;
    return {
      wall: performance.timeOrigin + at('crux-viewer-painted'), inPage: at('crux-viewer-painted'),
      ready: at('crux-panel-ready'), data: at('crux-viewer-data'), rows: document.querySelectorAll('.viewer-row').length,
    };
  })()`);
  return { totalMs: mark.wall - accepted, inPageMs: mark.inPage, rowsDrawn: mark.rows, readyMs: mark.ready, dataMs: mark.data };
}

export interface StreamObservation {
  /** When the first and the last streamed character reached the page (ms since the epoch). */
  firstText: number;
  lastText: number;
  characters: number;
  /** The page's main thread busy for more than 50 ms at a time, while streaming. */
  longTasks: number;
  longestTaskMs: number;
  /** The first answer's text as the page shows it at the end. */
  finalText: string;
}

// The scripts below run in the webview page (the benchmark's own TypeScript has no DOM).

/** Installs the observers in the agent view's page, before the run starts: text nodes added to
 * the answer (`.model-text`) are counted as they arrive, and long tasks recorded. */
const WATCH_SCRIPT = `(() => {
  const state = { first: 0, last: 0, characters: 0, longTasks: 0, longest: 0, target: null };
  window.cruxBench = state;
  new MutationObserver((records) => {
    const now = performance.timeOrigin + performance.now();
    for (const record of records) {
      if (!(record.target instanceof Element) || !record.target.classList.contains('model-text')) continue;
      // The measured reply is the run's first answer; a later step's text is not counted.
      state.target = state.target || record.target;
      if (record.target !== state.target) continue;
      for (const node of record.addedNodes) state.characters += (node.textContent || '').length;
      if (state.first === 0) state.first = now;
      state.last = now;
    }
  }).observe(document.body, { childList: true, subtree: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      state.longTasks++;
      state.longest = Math.max(state.longest, entry.duration);
    }
  }).observe({ type: 'longtask', buffered: false });
})()`;

const READ_SCRIPT = `(() => {
  const state = window.cruxBench;
  return {
    firstText: state.first, lastText: state.last, characters: state.characters, longTasks: state.longTasks, longestTaskMs: state.longest,
    finalText: state.target ? state.target.textContent || '' : '',
  };
})()`;

export async function watchStream(frame: Frame): Promise<void> {
  await frame.evaluate(WATCH_SCRIPT);
}

export async function streamObservation(frame: Frame): Promise<StreamObservation> {
  return frame.evaluate<StreamObservation>(READ_SCRIPT);
}
