// One finding per loop. Several signals often see the same loop (the same failing test is a
// repeated observation, a repeated error and a no-progress stretch at once); the user should
// get one banner that grows more serious, not three. The book joins a signal's report to the
// loop it overlaps, keeps one id for that loop (`loop-1`, `loop-2`, …) and reports the loop
// again only when it is new or its severity rises (warning → stuck): the escalation carries
// the same id, so a banner, a CLI line or a recorded event can be updated in place.
import type { FindingSignal, LoopFinding, Recovery, Severity } from './finding';
import type { SignalHit } from './signals/signal';

/** Signal episodes kept per loop, and loops searched for one a new report belongs to: both
 * bounded, so a step costs the same however long the run. */
const MAX_MEMBERS = 12;
const LOOPS_SEARCHED = 8;
/** Loops whose signal episodes are still followed; older ones keep only their finding, so the
 * memory of a very long run does not grow with every loop it had. */
const LOOPS_FOLLOWED = 64;

export const SEVERITY_RANK: Record<Severity, number> = { notice: 0, warning: 1, stuck: 2 };

interface LoopEntry {
  finding: LoopFinding;
  /** The latest report of every signal episode that belongs to this loop. */
  members: Map<string, SignalHit>;
}

export class FindingBook {
  private readonly loops: LoopEntry[] = [];
  private readonly byEpisode = new Map<string, LoopEntry>();
  private readonly others = new Map<string, LoopFinding>();

  /** gap: steps that may lie between a new signal's first step and a loop's last one for
   * the signal to belong to that loop (the rest of a cycle, a probe between repeats). */
  constructor(private readonly idPrefix: string, private readonly gap: number) {}

  /** Files the hit under its loop; returns the loop's finding when it is new or more severe. */
  record(hit: SignalHit): LoopFinding | null {
    if (hit.kind === 'empty-patch-finish') return this.recordOther(hit);
    const key = `${hit.kind}-${hit.episode}`;
    let entry = this.byEpisode.get(key);
    const isNew = entry === undefined;
    if (!entry) {
      entry = this.openLoopFor(hit) ?? this.newLoop();
      this.byEpisode.set(key, entry);
    }
    const previous = entry.finding.severity;
    entry.members.delete(key);
    entry.members.set(key, hit);
    if (entry.members.size > MAX_MEMBERS) dropOldest(entry.members);
    const finding = summarise(entry.finding.id, entry.members);
    // A loop never becomes less serious than it was reported to be.
    entry.finding = SEVERITY_RANK[previous] > SEVERITY_RANK[finding.severity]
      ? { ...finding, severity: previous, recoveries: recoveriesFor(previous) } : finding;
    const escalated = SEVERITY_RANK[entry.finding.severity] > SEVERITY_RANK[previous];
    return isNew && entry.members.size === 1 ? entry.finding : escalated ? entry.finding : null;
  }

  /** Every finding, in the order the loops began. */
  findings(): LoopFinding[] {
    return [...this.loops.map((entry) => entry.finding), ...this.others.values()]
      .sort((a, b) => a.fromStep - b.fromStep || a.toStep - b.toStep);
  }

  /** The latest finding of the loop a signal's episode belongs to. */
  findingOf(hit: Pick<SignalHit, 'kind' | 'episode'>): LoopFinding | null {
    const key = `${hit.kind}-${hit.episode}`;
    return this.byEpisode.get(key)?.finding ?? this.others.get(key) ?? null;
  }

  /** The most recent loop still touching the new hit's steps. */
  private openLoopFor(hit: SignalHit): LoopEntry | undefined {
    for (let i = this.loops.length - 1; i >= Math.max(0, this.loops.length - LOOPS_SEARCHED); i--) {
      const entry = this.loops[i];
      if (entry && hit.fromStep <= entry.finding.toStep + this.gap && hit.toStep >= entry.finding.fromStep) return entry;
    }
    return undefined;
  }

  private newLoop(): LoopEntry {
    const retired = this.loops[this.loops.length - LOOPS_FOLLOWED];
    if (retired) {
      for (const key of retired.members.keys()) if (this.byEpisode.get(key) === retired) this.byEpisode.delete(key);
      retired.members.clear();
    }
    const entry: LoopEntry = {
      finding: { id: `${this.idPrefix}loop-${this.loops.length + 1}`, kind: 'no-progress', severity: 'notice', fromStep: 0, toStep: 0, evidence: { summary: '', steps: [] }, recoveries: [], nudge: '', signals: [] },
      members: new Map(),
    };
    this.loops.push(entry);
    return entry;
  }

  private recordOther(hit: SignalHit): LoopFinding | null {
    const id = `${this.idPrefix}${hit.kind}-${hit.episode}`;
    const previous = this.others.get(id);
    const finding = summarise(id, new Map([[id, hit]]));
    this.others.set(id, finding);
    return !previous || SEVERITY_RANK[finding.severity] > SEVERITY_RANK[previous.severity] ? finding : null;
  }
}

/** The loop as the user sees it: led by its most severe signal (the first to get there),
 * spanning the steps of its loop signals, with every signal's own evidence. */
function summarise(id: string, members: Map<string, SignalHit>): LoopFinding {
  const hits = [...members.values()];
  let lead = hits[0] as SignalHit;
  for (const hit of hits) if (SEVERITY_RANK[hit.severity] > SEVERITY_RANK[lead.severity]) lead = hit;
  // The span a loop covers is that of the signals that call it a loop; notices only count
  // while nothing stronger has spoken.
  const spanning = hits.filter((hit) => hit.severity !== 'notice');
  const span = spanning.length > 0 ? spanning : hits;
  const signals: FindingSignal[] = hits.map((hit) => ({
    kind: hit.kind, severity: hit.severity, count: hit.count, fromStep: hit.fromStep, toStep: hit.toStep, summary: hit.summary, steps: hit.steps,
  }));
  return {
    id,
    kind: lead.kind,
    severity: lead.severity,
    fromStep: Math.min(...span.map((hit) => hit.fromStep)),
    toStep: Math.max(...span.map((hit) => hit.toStep)),
    evidence: { summary: lead.summary, steps: lead.steps },
    recoveries: recoveriesFor(lead.severity),
    nudge: lead.nudge,
    signals,
  };
}

/** Forgets the signal episode reported least recently (maps keep insertion order). */
function dropOldest(members: Map<string, SignalHit>): void {
  const oldest = members.keys().next();
  if (!oldest.done) members.delete(oldest.value);
}

function recoveriesFor(severity: Severity): Recovery[] {
  if (severity === 'notice') return ['dismiss'];
  if (severity === 'warning') return ['nudge', 'rollback', 'stop', 'dismiss'];
  return ['stop', 'rollback', 'nudge', 'dismiss'];
}
