// Writes HF dataset rows as Parquet through hyparquet-writer (pure JavaScript, no native or
// WASM part, so it bundles into the CLI as is), in row groups so memory stays bounded by one
// group. The schema is explicit: nested columns use Parquet's standard three-level LIST, which
// pyarrow and `datasets` read as lists of structs.
import { renameSync, rmSync } from 'node:fs';
import { fileWriter, ParquetWriter } from 'hyparquet-writer';
import type { HfRow } from './hf-dataset';

type SchemaElement = NonNullable<ConstructorParameters<typeof ParquetWriter>[0]['schema']>[number];

const text = (name: string, required: boolean): SchemaElement =>
  ({ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: required ? 'REQUIRED' : 'OPTIONAL' });

/** A LIST of `children` structs: the group, its repeated `list`, the `element` struct. */
function listOf(name: string, required: boolean, children: SchemaElement[], childCount: number): SchemaElement[] {
  return [
    { name, converted_type: 'LIST', repetition_type: required ? 'REQUIRED' : 'OPTIONAL', num_children: 1 },
    { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
    { name: 'element', repetition_type: 'REQUIRED', num_children: childCount },
    ...children,
  ];
}

const TOOL_CALL: SchemaElement[] = [
  text('id', true),
  text('type', true),
  { name: 'function', repetition_type: 'REQUIRED', num_children: 2 },
  text('name', true),
  text('arguments', true),
];

const MESSAGE: SchemaElement[] = [
  text('role', true),
  text('content', true),
  ...listOf('tool_calls', false, TOOL_CALL, 3),
  text('tool_call_id', false),
  text('name', false),
];

export const HF_PARQUET_SCHEMA: SchemaElement[] = [
  { name: 'root', num_children: 12 },
  text('trajectory_id', true),
  text('instance_id', true),
  ...listOf('messages', true, MESSAGE, 5),
  text('tools', true),
  { name: 'resolved', type: 'BOOLEAN', repetition_type: 'OPTIONAL' },
  text('exit_status', true),
  text('model_patch', false),
  text('model', true),
  text('agent', true),
  text('repo', false),
  { name: 'steps', type: 'INT32', repetition_type: 'REQUIRED' },
  text('created_at', true),
];

const COLUMNS: (keyof HfRow)[] = ['trajectory_id', 'instance_id', 'messages', 'tools', 'resolved', 'exit_status', 'model_patch', 'model', 'agent', 'repo', 'steps', 'created_at'];

/** Rows in, one Parquet file out (written beside the target and renamed into place). */
export class HfParquetWriter {
  private readonly temp: string;
  private readonly writer: ParquetWriter;
  private pending: HfRow[] = [];
  rows = 0;

  constructor(private readonly path: string, private readonly groupSize = 500) {
    this.temp = `${path}.${process.pid}.tmp`;
    this.writer = new ParquetWriter({ writer: fileWriter(this.temp), schema: HF_PARQUET_SCHEMA, kvMetadata: [{ key: 'crux.format', value: 'hf-trajectories/1' }] });
  }

  write(row: HfRow): void {
    this.pending.push(row);
    this.rows++;
    if (this.pending.length >= this.groupSize) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const rows = this.pending;
    this.pending = [];
    this.writer.write({ columnData: COLUMNS.map((name) => ({ name, data: rows.map((row) => row[name]) })) });
  }

  close(): void {
    this.flush();
    this.writer.finish();
    renameSync(this.temp, this.path);
  }

  abort(): void {
    rmSync(this.temp, { force: true });
  }
}
