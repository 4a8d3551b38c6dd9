// `crux export --format kto|stepwise`: one streaming pass over the tasks, like writePairs.
import { JsonlWriter } from './jsonl-writer';
import { ktoRecordsOfTask } from './kto';
import type { ExportOptions } from './pairs';
import { analyzeTasks, emptySummary, type PipelineOptions, type PipelineSummary, type RunSet } from './pipeline';
import { stepwiseRecordsOfTask } from './stepwise';

export interface UnpairedReport {
  summary: PipelineSummary;
  records: number;
  /** KTO: desirable rows; stepwise: steps labelled good. */
  positive: number;
  problems: string[];
}

export async function writeUnpaired(kind: 'kto' | 'stepwise', set: RunSet, options: PipelineOptions, out: string, exportOptions: ExportOptions): Promise<UnpairedReport> {
  const summary = emptySummary(set);
  const writer = new JsonlWriter(out);
  const problems: string[] = [];
  let positive = 0;
  try {
    for await (const analysis of analyzeTasks(set, options, summary)) {
      if (kind === 'kto') {
        const built = await ktoRecordsOfTask(analysis, options.config.significance, exportOptions);
        for (const record of built.records) {
          writer.write(record);
          if (record.label) positive++;
        }
        problems.push(...built.problems);
      } else {
        const built = await stepwiseRecordsOfTask(analysis);
        for (const record of built.records) {
          writer.write(record);
          positive += record.labels.filter(Boolean).length;
        }
        problems.push(...built.problems);
      }
    }
    writer.close();
  } catch (error) {
    writer.abort();
    throw error;
  }
  return { summary, records: writer.lines, positive, problems };
}
