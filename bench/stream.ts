// Stream-handling throughput: how many streamed tokens per second the model client absorbs,
// against the `openai` SDK iterating the same stream with trivial work per chunk. A local server
// sends a pre-rendered vLLM-shaped SSE body as fast as the socket takes it, so the numbers are
// about the client side only. Run: node --import tsx bench/stream.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { ModelClient } from '../src/model/client';
import { SseDecoder } from '../src/model/sse';
import { renderReplyStream, type ReplyTurn } from '../test/support/model-server';
import type { BenchReport } from './report';

export interface StreamBenchOptions {
  /** Streamed pieces (≈ tokens) per reply; default 200,000. */
  tokens?: number;
  /** Measured runs per contender and scenario (after one warm-up); default 5. */
  repetitions?: number;
  /** Where the JSON goes; default bench/results/stream.json under the working directory. */
  resultsFile?: string;
}

export interface ScenarioResult {
  scenario: string;
  tokens: number;
  bodyBytes: number;
  sdkTokensPerSecond: number;
  clientTokensPerSecond: number;
  /** Fetch + SSE decoding + JSON.parse and nothing else: the floor for any client. */
  floorTokensPerSecond: number;
  /** 1 - client/sdk: how much slower the client is than the bare SDK (negative: faster). */
  overhead: number;
  /** 1 - client/floor: what the client's per-chunk turn work costs on top of decoding. */
  overheadOverFloor: number;
  sdkRunsMs: number[];
  clientRunsMs: number[];
  floorRunsMs: number[];
}

export interface StreamBenchResult {
  name: 'stream';
  date: string;
  node: string;
  cpus: number;
  repetitions: number;
  scenarios: ScenarioResult[];
}

const CHUNK_SIZE = 4;
const MODEL = 'bench-model';

interface Scenario {
  name: string;
  turn: ReplyTurn;
}

function scenarios(tokens: number): Scenario[] {
  const words = ['const ', 'value ', '= ', 'compute', '(a, b', ');\n', 'return', ' x;\n'];
  let text = '';
  for (let i = 0; text.length < tokens * CHUNK_SIZE; i++) text += words[i % words.length];
  text = text.slice(0, tokens * CHUNK_SIZE);
  // The same text as one tool argument: JSON escaping makes it a little longer, so trim to keep
  // the number of streamed pieces equal to `tokens`.
  let argument = text;
  while (JSON.stringify({ content: argument }).length > tokens * CHUNK_SIZE) argument = argument.slice(0, -64);
  return [
    { name: 'content', turn: { content: text } },
    { name: 'tool-call arguments', turn: { toolCalls: [{ name: 'write_file', arguments: { content: argument } }] } },
  ];
}

async function serve(body: Buffer): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1` };
}

/** The SDK on its own: iterate the stream, count pieces, nothing else. */
async function sdkRun(sdk: OpenAI): Promise<number> {
  const stream = await sdk.chat.completions.create({
    model: MODEL,
    messages: [{ role: 'user', content: 'go' }],
    stream: true,
    stream_options: { include_usage: true },
  });
  let pieces = 0;
  for await (const chunk of stream) {
    const delta = chunk.choices[0]?.delta;
    if (delta?.content) pieces++;
    else if (delta?.tool_calls?.[0]?.function?.arguments) pieces++;
  }
  return pieces;
}

/** The floor: fetch the body, split SSE events, JSON.parse each, count pieces. */
async function floorRun(url: string): Promise<number> {
  const response = await fetch(`${url}/chat/completions`, { method: 'POST', body: '{}' });
  const reader = response.body?.getReader();
  if (!reader) throw new Error('no body');
  const decoder = new SseDecoder();
  let pieces = 0;
  const onEvent = ({ data }: { data: string }): void => {
    if (data.startsWith('[DONE]')) return;
    const chunk = JSON.parse(data) as { choices: { delta?: { content?: string; tool_calls?: { function?: { arguments?: string } }[] } }[] };
    const delta = chunk.choices[0]?.delta;
    if (delta?.content) pieces++;
    else if (delta?.tool_calls?.[0]?.function?.arguments) pieces++;
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    decoder.push(value, onEvent);
  }
  decoder.end(onEvent);
  return pieces;
}

/** The client: a full turn with an onDelta callback doing trivial work. */
async function clientRun(client: ModelClient): Promise<number> {
  let pieces = 0;
  const result = await client.turn({
    model: MODEL,
    messages: [{ role: 'user', content: 'go' }],
    tools: [],
    toolFormat: 'native',
    onDelta: (delta) => {
      if (delta.kind === 'content' || (delta.kind === 'tool-call' && delta.argumentsText !== '')) pieces++;
    },
  });
  if (result.finishReason === 'unknown') throw new Error('the benchmark stream did not finish');
  return pieces;
}

async function timed(run: () => Promise<number>, expected: number): Promise<number> {
  const start = performance.now();
  const pieces = await run();
  const elapsed = performance.now() - start;
  // The client may merge pieces held back at a tag boundary; the SDK must see every one.
  if (pieces < expected * 0.99 || pieces > expected) throw new Error(`expected ${expected} pieces, got ${pieces}`);
  return elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

async function runScenario(scenario: Scenario, repetitions: number): Promise<ScenarioResult> {
  const body = Buffer.from(renderReplyStream(scenario.turn, { dialect: 'vllm', model: MODEL, chunkSize: CHUNK_SIZE }));
  const tokens = body.toString('utf8').split('\n\n').filter((event) => /"(content|arguments)":"[^"]/.test(event)).length;
  const { server, url } = await serve(body);
  try {
    const sdk = new OpenAI({ baseURL: url, apiKey: 'bench', maxRetries: 0, organization: null, project: null });
    const client = new ModelClient({ baseUrl: url, maxRetries: 0 });
    await timed(() => sdkRun(sdk), tokens);
    await timed(() => clientRun(client), tokens);
    await timed(() => floorRun(url), tokens);
    const sdkRunsMs: number[] = [];
    const clientRunsMs: number[] = [];
    const floorRunsMs: number[] = [];
    for (let i = 0; i < repetitions; i++) {
      // Interleave, so drift in machine load affects every contender alike.
      sdkRunsMs.push(await timed(() => sdkRun(sdk), tokens));
      clientRunsMs.push(await timed(() => clientRun(client), tokens));
      floorRunsMs.push(await timed(() => floorRun(url), tokens));
    }
    const sdkTokensPerSecond = tokens / (median(sdkRunsMs) / 1000);
    const clientTokensPerSecond = tokens / (median(clientRunsMs) / 1000);
    const floorTokensPerSecond = tokens / (median(floorRunsMs) / 1000);
    return {
      scenario: scenario.name,
      tokens,
      bodyBytes: body.length,
      sdkTokensPerSecond: Math.round(sdkTokensPerSecond),
      clientTokensPerSecond: Math.round(clientTokensPerSecond),
      floorTokensPerSecond: Math.round(floorTokensPerSecond),
      overhead: Number((1 - clientTokensPerSecond / sdkTokensPerSecond).toFixed(3)),
      overheadOverFloor: Number((1 - clientTokensPerSecond / floorTokensPerSecond).toFixed(3)),
      sdkRunsMs: sdkRunsMs.map(Math.round),
      clientRunsMs: clientRunsMs.map(Math.round),
      floorRunsMs: floorRunsMs.map(Math.round),
    };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

function printTable(result: StreamBenchResult): void {
  const percent = (ratio: number): string => `${(ratio * 100).toFixed(1)}%`;
  const rows = [['scenario', 'tokens', 'SDK alone tok/s', 'ModelClient tok/s', 'vs SDK', 'floor tok/s', 'vs floor']];
  for (const s of result.scenarios) {
    rows.push([
      s.scenario,
      String(s.tokens),
      s.sdkTokensPerSecond.toLocaleString('en'),
      s.clientTokensPerSecond.toLocaleString('en'),
      percent(s.overhead),
      s.floorTokensPerSecond.toLocaleString('en'),
      percent(s.overheadOverFloor),
    ]);
  }
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  console.log(`stream throughput (median of ${result.repetitions} runs, node ${result.node}, ${result.cpus} CPUs)`);
  for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  '));
  console.log('vs X = 1 - client/X (the client\'s overhead; negative: the client is faster than X).');
  console.log('floor = fetch + SSE decoding + JSON.parse only, the least any client must do.');
}

export async function run(options: StreamBenchOptions = {}): Promise<StreamBenchResult> {
  const tokens = options.tokens ?? 200_000;
  const repetitions = options.repetitions ?? 5;
  const result: StreamBenchResult = {
    name: 'stream',
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    repetitions,
    scenarios: [],
  };
  for (const scenario of scenarios(tokens)) result.scenarios.push(await runScenario(scenario, repetitions));
  const file = options.resultsFile ?? join(process.cwd(), 'bench', 'results', 'stream.json');
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  printTable(result);
  return result;
}

/** The stream benchmark as a BenchReport for `npm run bench`. */
export async function report(): Promise<BenchReport> {
  const result = await run();
  const content = result.scenarios[0];
  const worstRatio = Math.min(...result.scenarios.map((s) => s.clientTokensPerSecond / s.sdkTokensPerSecond));
  const slowest = Math.min(...result.scenarios.map((s) => s.clientTokensPerSecond));
  const met = slowest > 50_000 && worstRatio >= 0.9;
  return {
    name: 'stream',
    summary:
      `client ${Math.round(slowest / 1000)}k tok/s at worst, ${worstRatio.toFixed(1)}x the SDK alone` +
      ` (content: ${Math.round((content?.clientTokensPerSecond ?? 0) / 1000)}k vs ${Math.round((content?.sdkTokensPerSecond ?? 0) / 1000)}k);` +
      ` target >50k tok/s and overhead <10%: ${met ? 'met' : 'NOT met'}`,
    rows: result.scenarios.map((s) => ({
      scenario: s.scenario,
      tokens: s.tokens,
      sdk_tok_s: s.sdkTokensPerSecond,
      client_tok_s: s.clientTokensPerSecond,
      client_vs_sdk: Number((s.clientTokensPerSecond / s.sdkTokensPerSecond).toFixed(2)),
      floor_tok_s: s.floorTokensPerSecond,
    })),
  };
}

// Run directly (not when imported by bench/run.ts). Checked by path so it works under tsx in
// either module system.
if (/[\\/]bench[\\/]stream\.ts$/.test(process.argv[1] ?? '')) {
  run().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
