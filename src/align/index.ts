// The alignment pipeline's public surface (docs/sealign.md): trajectory trees, filters, key
// actions, DPO pairs, SFT records and run metrics, over stored runs. Nothing here runs during
// an agent run.
export { defaultAlignConfig, DEFAULT_FILTERS, DEFAULT_NORMALIZATION, DEFAULT_SIGNIFICANCE } from './config';
export type { AlignConfig, FilterConfig, NormalizationConfig, SignificanceConfig } from './config';
export { createCanonicalizer, createStringNormalizer, labelOfKey } from './canonical';
export type { Canonicalizer } from './canonical';
export { wilsonInterval, Z_90, Z_95, Z_99 } from './wilson';
export type { Interval } from './wilson';
export { FILTER_REASONS, isExcludedRepository, lengthFences, repositoriesOf } from './filters';
export type { FilterCounts, FilterReason } from './filters';
export { buildTree, nodeAt, nodeId, nodeLabel, walkTree } from './tree';
export type { TaskTree, TreeNode } from './tree';
export { compareSiblings, findKeyActions } from './key-actions';
export type { ChildComparison, KeyAction } from './key-actions';
export { historyThrough, promptOfTurn, toTrainingMessages, toTrainingTools, transcriptOf } from './messages';
export type { ArgumentsStyle, TrainingMessage, TrainingTool, TurnSource } from './messages';
export { DEFAULT_EXPORT_OPTIONS, pairOf, pairsOfKeyAction } from './pairs';
export type { ExportOptions, PairMetadata, PairRecord, ToolsStyle } from './pairs';
export { isSftRun, sftRecordOf } from './sft';
export type { SftRecord } from './sft';
export { MetricsAccumulator, runMetrics } from './metrics';
export type { RunMetrics, RunStats, TaskStats } from './metrics';
export { analyzeTask, analyzeTaskRuns, analyzeTasks, createPool, emptySummary, indexFiles, openRunSet } from './pipeline';
export type { PipelineOptions, PipelineSummary, RunSet, StuckCheck, TaskAnalysis } from './pipeline';
export { collectStats, writePairs, writeSft } from './export';
export type { KeyActionSummary, PairsReport, SftReport } from './export';
export { createRunImporter, loopWatchStuck } from './adapters';
export { treeDot, treeJson, treeText } from './tree-view';
export type { TaskTreeJson } from './tree-view';
export { listTrajectoryFiles } from './source';
export type { RunImporter, RunRef } from './source';
export type { SummaryPool, WorkerSetup } from './parallel';
export type { TaskRun } from './task-runs';
