// Bounded memories for the loop watch. A run of 10,000 steps must cost the same per step as
// a run of 100, so nothing here grows with the run: the oldest entries are forgotten first.

/** A set of keys with the step each was last seen, forgetting the least recently seen key
 * when full. (A Map iterates in insertion order; re-inserting a key makes it the newest.) */
export class RecentKeys<K extends string | number = string> {
  private readonly entries = new Map<K, number>();

  constructor(private readonly capacity: number) {}

  /** Records the key at this step; true when it was not remembered before. */
  add(key: K, step: number): boolean {
    const known = this.entries.delete(key);
    this.entries.set(key, step);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    return !known;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/** A bounded map, forgetting the least recently touched entry when full. */
export class RecentMap<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}

/** The steps of a repetition, keeping the first and the latest `limit - 1`, so evidence
 * names where a loop began and how it goes on without growing with it. */
export class StepList {
  private first: number | null = null;
  private readonly latest: number[] = [];

  constructor(private readonly limit: number) {}

  push(step: number): void {
    if (this.first === null) {
      this.first = step;
      return;
    }
    if (this.latest.at(-1) === step || this.first === step) return;
    this.latest.push(step);
    if (this.latest.length > Math.max(1, this.limit - 1)) this.latest.shift();
  }

  get steps(): number[] {
    return this.first === null ? [] : [this.first, ...this.latest];
  }

  get from(): number {
    return this.first ?? 0;
  }

  get to(): number {
    return this.latest.at(-1) ?? this.first ?? 0;
  }
}
