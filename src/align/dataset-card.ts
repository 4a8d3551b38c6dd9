// The dataset card (README.md) of an exported Hugging Face dataset: the YAML block the Hub reads
// (configs, features, split sizes) and a description with the counts.
import { HF_FEATURES } from './hf-dataset';

export interface DatasetCounts {
  rows: number;
  tasks: Set<string>;
  resolved: number;
  unresolved: number;
  unknown: number;
  agents: Map<string, number>;
  models: Map<string, number>;
  messages: number;
}

/** The `dataset_info.features` YAML of the rows (as `datasets` writes it). */
function featuresYaml(): string[] {
  const plain = (name: string, dtype: string) => [`  - name: ${name}`, `    dtype: ${dtype}`];
  return [
    ...plain('trajectory_id', 'string'), ...plain('instance_id', 'string'),
    '  - name: messages', '    list:', '    - name: role', '      dtype: string', '    - name: content', '      dtype: string',
    '    - name: tool_calls', '      list:', '      - name: id', '        dtype: string', '      - name: type', '        dtype: string',
    '      - name: function', '        struct:', '        - name: name', '          dtype: string', '        - name: arguments', '          dtype: string',
    '    - name: tool_call_id', '      dtype: string', '    - name: name', '      dtype: string',
    ...plain('tools', 'string'), ...plain('resolved', 'bool'), ...plain('exit_status', 'string'), ...plain('model_patch', 'string'),
    ...plain('model', 'string'), ...plain('agent', 'string'), ...plain('repo', 'string'), ...plain('steps', 'int32'), ...plain('created_at', 'string'),
  ];
}

function table(counts: Map<string, number>): string[] {
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name, n]) => `| ${name.replace(/\|/g, '\\|')} | ${n} |`);
}

export function datasetCard(counts: DatasetCounts): string {
  return [
    '---',
    'configs:',
    '- config_name: default',
    '  data_files:',
    '  - split: train',
    '    path: data/train-*.parquet',
    'dataset_info:',
    '  features:',
    ...featuresYaml().map((line) => `  ${line}`),
    '  splits:',
    '  - name: train',
    `    num_examples: ${counts.rows}`,
    'tags:',
    '- agents',
    '- code',
    '- trajectories',
    '---',
    '',
    '# Agent trajectories exported by Crux',
    '',
    `${counts.rows} runs of ${counts.tasks.size} tasks, ${counts.messages} messages in all: ${counts.resolved} resolved, ` +
      `${counts.unresolved} not resolved, ${counts.unknown} without a label.`,
    '',
    'One row per run, in the shape of the Hugging Face trajectory datasets (nebius SWE-rebench-openhands-trajectories, ' +
      'nvidia Open-SWE-Traces). The same rows are in `data/train.jsonl` and `data/train-00000-of-00001.parquet`.',
    '',
    '| column | type |',
    '|---|---|',
    ...HF_FEATURES.map(({ name, feature }) => `| \`${name}\` | ${feature} |`),
    '',
    'Tool-call arguments and `tools` are JSON text, so every row has the same column types.',
    'Crux redacts secrets when it records a run; runs imported from other agents were not redacted by Crux.',
    '',
    '| agent | runs |',
    '|---|---|',
    ...table(counts.agents),
    '',
    '| model | runs |',
    '|---|---|',
    ...table(counts.models),
    '',
  ].join('\n');
}
