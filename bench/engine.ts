// Crux's time per model turn against a bare HTTP request for the same prompt to the same real
// llama-server (a tiny random-weight Qwen2 model from test/support/llama-server), alternating
// the two so both see the same server state (its prompt cache included). The bare request is
// fetch + reading the SSE body to the end, nothing else; Crux's turn is ModelClient.turn (request
// body, stream decoding, tool-call and think parsing, live deltas). The difference is Crux's own
// overhead per turn; tokens/s is what a user sees (completion tokens / Crux's turn time).
// Needs `npm run setup` (the llama-server build). Run: npm run bench -- engine
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelClient } from '../src/model/client';
import { buildTurnBody } from '../src/model/request-body';
import type { ModelTurnRequest } from '../src/model/types';
import { llamaCppCommit, startLlamaServer, vocabGguf, writeTinyModel } from '../test/support/llama-server';
import type { BenchReport } from './report';

const REPLY_TOKENS = 32;
const PAIRS = 10;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function bareTurn(url: string, body: unknown): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const reader = response.body?.getReader();
  if (!reader) throw new Error('no body');
  for (;;) {
    const { done } = await reader.read();
    if (done) break;
  }
  return performance.now() - started;
}

export async function run(): Promise<BenchReport> {
  const dir = mkdtempSync(join(tmpdir(), 'crux-bench-engine-'));
  const model = join(dir, 'tiny.gguf');
  writeTinyModel(model, { vocabGguf: vocabGguf(), seed: 11 });
  const server = await startLlamaServer({ model, ctx: 4096, alias: 'tiny' });
  try {
    const client = new ModelClient({ baseUrl: server.baseUrl });
    const request: ModelTurnRequest = {
      model: 'tiny',
      toolFormat: 'hermes',
      tools: [],
      messages: [
        { role: 'system', content: 'You are Crux, a careful software engineer. Call tools in <tool_call> blocks.' },
        { role: 'user', content: 'Task:\nThe test in test.js fails. Fix calc.js so that add() adds.' },
      ],
      temperature: 0,
      maxTokens: REPLY_TOKENS,
      onDelta: () => undefined,
    };
    const body = buildTurnBody(request);
    const cruxMs: number[] = [];
    const bareMs: number[] = [];
    const firstTokenMs: number[] = [];
    let tokens = 0;
    await client.turn(request);
    await bareTurn(server.baseUrl, body);
    for (let i = 0; i < PAIRS; i++) {
      // Alternate who goes first, so neither always meets a warmer server.
      const order = i % 2 === 0 ? ['crux', 'bare'] : ['bare', 'crux'];
      for (const who of order) {
        if (who === 'bare') bareMs.push(await bareTurn(server.baseUrl, body));
        else {
          const result = await client.turn(request);
          cruxMs.push(result.latencyMs);
          if (result.firstTokenMs !== undefined) firstTokenMs.push(result.firstTokenMs);
          tokens = result.usage?.completionTokens ?? tokens;
        }
      }
    }
    // The best run of each: on a shared machine other jobs only ever add time, so the minimum is
    // the estimate least disturbed by them; the medians are reported beside it.
    const crux = Math.min(...cruxMs);
    const bare = Math.min(...bareMs);
    const ratio = crux / bare;
    const overheadMs = crux - bare;
    const tokensPerSecond = tokens / (crux / 1000);
    const rows = [
      { contender: 'bare HTTP request', bestMs: Math.round(bare), medianMs: Math.round(median(bareMs)), runs: bareMs.length, tokens, tokensPerSecond: Math.round(tokens / (bare / 1000)) },
      { contender: 'Crux ModelClient.turn', bestMs: Math.round(crux), medianMs: Math.round(median(cruxMs)), runs: cruxMs.length, tokens, tokensPerSecond: Math.round(tokensPerSecond) },
    ];
    const summary =
      `Crux turn ${crux.toFixed(0)} ms vs bare request ${bare.toFixed(0)} ms, best of ${PAIRS} (${ratio.toFixed(3)}x, overhead ${overheadMs.toFixed(1)} ms per turn; ` +
      `medians ${median(cruxMs).toFixed(0)} vs ${median(bareMs).toFixed(0)} ms), ` +
      `${Math.round(tokensPerSecond)} tokens/s as the user sees it, first token after ${median(firstTokenMs).toFixed(0)} ms ` +
      `(${tokens}-token replies, tiny model, llama.cpp ${llamaCppCommit().slice(0, 8)}); target: overhead a few ms`;
    const resultsDir = join(process.cwd(), 'bench', 'results');
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(join(resultsDir, 'engine.json'), `${JSON.stringify({ date: new Date().toISOString(), cruxMs, bareMs, firstTokenMs, tokens, summary }, null, 2)}\n`);
    console.log(summary);
    return { name: 'engine', summary, rows };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) void run();
