// What the views' tests read: real recorded runs (seed-runs.ts) and two generated runs, of
// 2,000 and of 20 steps, for the viewer. Made before VS Code starts; their paths reach the
// in-host suite through the environment of code-server (and so of its extension host).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serializeTrajectory } from '../../src/trajectory/jsonl';
import { longTrajectory } from '../support/long-trajectory';
import { seedRecordedRuns } from './seed-runs';

export interface ViewFixtures {
  /** A store folder holding the recorded runs. */
  seedDir: string;
  /** A 2,000-step run and a 20-step run, as Crux files. */
  longRun: string;
  shortRun: string;
}

export function viewFixturePaths(root: string): ViewFixtures {
  return { seedDir: join(root, 'seed-store'), longRun: join(root, 'long-runs', 'long-2000.jsonl'), shortRun: join(root, 'long-runs', 'short-20.jsonl') };
}

export function viewFixtureEnv(fixtures: ViewFixtures): Record<string, string> {
  return { CRUX_TEST_SEED_RUNS: fixtures.seedDir, CRUX_TEST_LONG_RUN: fixtures.longRun };
}

export async function prepareViewFixtures(root: string): Promise<ViewFixtures> {
  const paths = viewFixturePaths(root);
  mkdirSync(join(root, 'long-runs'), { recursive: true });
  writeFileSync(paths.longRun, serializeTrajectory(longTrajectory(2000)));
  writeFileSync(paths.shortRun, serializeTrajectory(longTrajectory(20)));
  const seeded = await seedRecordedRuns(root);
  if (seeded.dir !== paths.seedDir) throw new Error(`seeded runs went to ${seeded.dir}, not ${paths.seedDir}`);
  return paths;
}
