// Progress is new information. A step is judged by what it brought that the run had not seen:
//   info    a read or command returned an output never seen before (an edit's echo of what
//           the agent itself wrote is not information; an empty output says little)
//   change  a file reached a content it never had, or (when edits carry no content hashes)
//           an edit or a silent command ran that never ran before
//   error   an error never seen before
// The repeat signals start over whenever new information arrives; no-progress counts steps
// with none of the three.
import type { StepFacts } from './facts';
import { RecentKeys } from './memory';

export interface Novelty {
  info: boolean;
  change: boolean;
  error: boolean;
  /** Output lines (of reads and commands) never seen before in the run… */
  newLines: number;
  /** …out of this many judged. */
  lines: number;
}

export const NOTHING_NEW: Novelty = { info: false, change: false, error: false, newLines: 0, lines: 0 };

/** Output lines remembered per distinct output slot: lines are many, so they get more room. */
const LINES_PER_SEEN = 4;

export class NoveltyTracker {
  private readonly outputs: RecentKeys;
  private readonly errors: RecentKeys;
  private readonly contents: RecentKeys;
  private readonly actions: RecentKeys;
  private readonly lines: RecentKeys<number>;

  constructor(capacity: number) {
    this.lines = new RecentKeys<number>(capacity * LINES_PER_SEEN);
    this.outputs = new RecentKeys(capacity);
    this.errors = new RecentKeys(capacity);
    this.contents = new RecentKeys(capacity);
    this.actions = new RecentKeys(capacity);
  }

  judge(facts: StepFacts): Novelty {
    const novelty: Novelty = { info: false, change: false, error: false, newLines: 0, lines: 0 };
    for (const { call, result } of facts.calls) {
      if (!result) continue;
      const step = facts.step;
      if (result.error && this.errors.add(result.error.hash, step)) novelty.error = true;
      // An invalid call's output is the agent's own mistake explained back to it.
      if (!call.valid) continue;
      if ((call.kind === 'read' || call.kind === 'execute') && !result.empty) {
        if (this.outputs.add(result.output, step)) novelty.info = true;
        novelty.lines += result.lines.length;
        for (const line of result.lines) if (this.lines.add(line, step)) novelty.newLines++;
      }
      if (result.change) {
        // The content before an edit is known too: returning to it is not a new content.
        if (result.change.before !== null) this.contents.add(`${result.change.path}\0${result.change.before}`, step);
        if (this.contents.add(`${result.change.path}\0${result.change.after}`, step)) novelty.change = true;
      } else if (!result.error && (call.kind === 'edit' || (call.kind === 'execute' && result.empty))) {
        if (this.actions.add(call.signature, step)) novelty.change = true;
      }
    }
    return novelty;
  }
}
