// `crux export --format atif|hf`: every run read, one at a time, written in an exchange format.
// These formats are meant to leave the machine, so a run goes in only when it was recorded with
// consent `share`, unless the caller includes `local` runs explicitly (imports of other agents'
// runs are `local`).
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isLoadError, iterateRuns, type LoadOptions } from '../trajectory/import';
import type { Trajectory } from '../trajectory/format';
import { TurnNotFoundError } from '../trajectory/messages';
import { toAtif } from '../trajectory/interchange/atif-export';
import { datasetCard, type DatasetCounts } from './dataset-card';
import { hfRowOf } from './hf-dataset';
import { JsonlWriter } from './jsonl-writer';
import { HfParquetWriter } from './parquet-rows';

export interface RunExportOptions extends LoadOptions {
  includeLocal: boolean;
}

export interface RunExportReport {
  written: number;
  skippedLocal: number;
  skippedEmpty: number;
  errors: { file: string; error: string }[];
}

async function* sharedRuns(paths: string[], options: RunExportOptions, report: RunExportReport): AsyncGenerator<Trajectory> {
  for await (const item of iterateRuns(paths, options)) {
    if (isLoadError(item)) {
      report.errors.push(item);
      continue;
    }
    if (item.trajectory.header.consent !== 'share' && !options.includeLocal) {
      report.skippedLocal++;
      continue;
    }
    yield item.trajectory;
  }
}

/** ATIF: a folder of `<run id>.json` documents, or JSON Lines (one document a line) when `out`
 * ends in .jsonl. */
export async function exportAtif(paths: string[], out: string, options: RunExportOptions): Promise<RunExportReport> {
  const report: RunExportReport = { written: 0, skippedLocal: 0, skippedEmpty: 0, errors: [] };
  if (/\.jsonl$/i.test(out)) {
    const writer = new JsonlWriter(out);
    try {
      for await (const trajectory of sharedRuns(paths, options, report)) writer.write(toAtif(trajectory));
      writer.close();
    } catch (error) {
      writer.abort();
      throw error;
    }
    report.written = writer.lines;
    return report;
  }
  mkdirSync(out, { recursive: true });
  for await (const trajectory of sharedRuns(paths, options, report)) {
    const name = `${trajectory.header.runId.replace(/[^\w.-]+/g, '_')}.json`;
    const temp = join(out, `.${name}.${process.pid}.tmp`);
    writeFileSync(temp, `${JSON.stringify(toAtif(trajectory), null, 2)}\n`);
    renameSync(temp, join(out, name));
    report.written++;
  }
  return report;
}

/** The Hugging Face dataset: `out` is a folder with README.md (the dataset card),
 * data/train.jsonl and data/train-00000-of-00001.parquet, the same rows in both. */
export async function exportHf(paths: string[], out: string, options: RunExportOptions): Promise<RunExportReport & { counts: DatasetCounts }> {
  const report: RunExportReport = { written: 0, skippedLocal: 0, skippedEmpty: 0, errors: [] };
  const counts: DatasetCounts = { rows: 0, tasks: new Set(), resolved: 0, unresolved: 0, unknown: 0, agents: new Map(), models: new Map(), messages: 0 };
  const data = join(out, 'data');
  mkdirSync(data, { recursive: true });
  const jsonl = new JsonlWriter(join(data, 'train.jsonl'));
  const parquet = new HfParquetWriter(join(data, 'train-00000-of-00001.parquet'));
  try {
    for await (const trajectory of sharedRuns(paths, options, report)) {
      let row;
      try {
        row = hfRowOf(trajectory);
      } catch (error) {
        // A branch that recorded only its own turns: its transcript starts in its parent.
        if (!(error instanceof TurnNotFoundError)) throw error;
        report.errors.push({ file: trajectory.header.source.file ?? trajectory.header.runId, error: error.message });
        continue;
      }
      if (!row) {
        report.skippedEmpty++;
        continue;
      }
      jsonl.write(row);
      parquet.write(row);
      counts.rows++;
      counts.tasks.add(row.instance_id);
      counts.messages += row.messages.length;
      if (row.resolved === true) counts.resolved++;
      else if (row.resolved === false) counts.unresolved++;
      else counts.unknown++;
      counts.agents.set(row.agent, (counts.agents.get(row.agent) ?? 0) + 1);
      counts.models.set(row.model, (counts.models.get(row.model) ?? 0) + 1);
    }
    jsonl.close();
    parquet.close();
  } catch (error) {
    jsonl.abort();
    parquet.abort();
    rmSync(join(out, 'README.md'), { force: true });
    throw error;
  }
  writeFileSync(join(out, 'README.md'), datasetCard(counts));
  report.written = counts.rows;
  return { ...report, counts };
}
