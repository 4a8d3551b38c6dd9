// Writes a tiny random-weight Qwen2 model GGUF around a real tokenizer and chat template taken
// from a vocab-only GGUF (llama.cpp's models/ggml-vocab-qwen2.gguf). No weights are downloaded:
// the model talks nonsense, which is fine for testing the plumbing; where a test needs a
// particular reply it constrains the output (llama-server's --grammar, or logitBias below).
import { GgmlType, GgufType, readGguf, writeGguf, type GgufTensor, type GgufValue } from './gguf';

export interface TinyModelOptions {
  /** A vocab-only GGUF whose tokenizer.* keys (tokens, merges, chat template) are copied. */
  vocabGguf: string;
  /** Hidden size (default 64); the token embedding (vocab × hidden, f16) dominates the size. */
  hidden?: number;
  layers?: number;
  heads?: number;
  kvHeads?: number;
  feedForward?: number;
  /** The context length the model declares (llama-server's default -c when none is given). */
  contextLength?: number;
  /** Replaces the vocab's chat template (e.g. one that carries tools). */
  chatTemplate?: string;
  /** Added to the logits of these token ids at every step (an output bias baked into the model). */
  logitBias?: ReadonlyMap<number, number>;
  /** Makes the model a deterministic bigram model: after chain[i] it says chain[i + 1] (at most 16
   * steps, each token leading to one successor); after any other token the biases decide. Attention
   * and feed-forward outputs are zero, so the model looks at the last token only. This is how a
   * random-weight model is made to open a tool call, which a grammar then completes. */
  chain?: readonly number[];
  /** Seed of the random weights (default 1). */
  seed?: number;
}

export interface TinyModelInfo {
  path: string;
  vocabSize: number;
  tokens: readonly string[];
  bytes: number;
}

/** mulberry32: small, fast, seedable. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function f32Tensor(name: string, dims: number[], fill: (i: number) => number): GgufTensor {
  const count = dims.reduce((a, b) => a * b, 1);
  const data = Buffer.alloc(count * 4);
  for (let i = 0; i < count; i++) data.writeFloatLE(fill(i), i * 4);
  return { name, dims, type: GgmlType.F32, data };
}

const halfScratch = new Float32Array(1);
const halfBits = new Uint32Array(halfScratch.buffer);

/** IEEE half from a double; the small weights here never overflow or need subnormals beyond zero. */
function toHalf(value: number): number {
  halfScratch[0] = value;
  const bits = halfBits[0] ?? 0;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = ((bits >>> 23) & 0xff) - 127 + 15;
  const mantissa = bits & 0x7fffff;
  if (exponent <= 0) return sign;
  if (exponent >= 31) return sign | 0x7c00;
  return sign | (exponent << 10) | (mantissa >>> 13);
}

function f16Tensor(name: string, dims: number[], fill: (i: number) => number): GgufTensor {
  const count = dims.reduce((a, b) => a * b, 1);
  const halves = new Uint16Array(count);
  for (let i = 0; i < count; i++) halves[i] = toHalf(fill(i));
  const data = Buffer.from(halves.buffer, halves.byteOffset, halves.byteLength);
  return { name, dims, type: GgmlType.F16, data };
}

/** Dimensions reserved for the chain's transitions (the hidden size must be larger). */
const CHAIN_DIMS = 16;

const u32 = (value: number): GgufValue => ({ type: GgufType.Uint32, value });
const f32 = (value: number): GgufValue => ({ type: GgufType.Float32, value });
const str = (value: string): GgufValue => ({ type: GgufType.String, value });

export function writeTinyModel(path: string, options: TinyModelOptions): TinyModelInfo {
  const vocab = readGguf(options.vocabGguf);
  const tokensValue = vocab.metadata.get('tokenizer.ggml.tokens');
  if (!tokensValue || !Array.isArray(tokensValue.value)) throw new Error(`${options.vocabGguf} has no tokenizer.ggml.tokens`);
  const tokens = tokensValue.value.map(String);
  const nVocab = tokens.length;
  const hidden = options.hidden ?? 64;
  const layers = options.layers ?? 2;
  const heads = options.heads ?? 4;
  const kvHeads = options.kvHeads ?? 2;
  const ff = options.feedForward ?? 128;
  const kvDim = (hidden / heads) * kvHeads;
  const rand = random(options.seed ?? 1);
  const normal = (scale: number) => () => (rand() * 2 - 1) * scale;

  const metadata = new Map<string, GgufValue>([
    ['general.architecture', str('qwen2')],
    ['general.name', str('crux-tiny-qwen2')],
    ['general.file_type', u32(1)],
    ['qwen2.block_count', u32(layers)],
    ['qwen2.context_length', u32(options.contextLength ?? 32768)],
    ['qwen2.embedding_length', u32(hidden)],
    ['qwen2.feed_forward_length', u32(ff)],
    ['qwen2.attention.head_count', u32(heads)],
    ['qwen2.attention.head_count_kv', u32(kvHeads)],
    ['qwen2.rope.freq_base', f32(1_000_000)],
    ['qwen2.attention.layer_norm_rms_epsilon', f32(1e-6)],
  ]);
  for (const [key, value] of vocab.metadata) if (key.startsWith('tokenizer.')) metadata.set(key, value);
  if (options.chatTemplate !== undefined) metadata.set('tokenizer.chat_template', str(options.chatTemplate));

  const chain = options.chain ?? [];
  if (chain.length - 1 > CHAIN_DIMS) throw new Error(`a chain has at most ${CHAIN_DIMS} steps`);
  const leadsTo = new Map<number, number>();
  chain.slice(0, -1).forEach((token, i) => {
    if (leadsTo.has(token)) throw new Error(`token ${token} appears twice as a predecessor in the chain`);
    leadsTo.set(token, i);
  });
  const bigram = chain.length > 1;
  const successorDim = new Map<number, number>(chain.slice(1).map((token, i) => [token, i]));
  // Bigram: a chain token's embedding is one-hot on its own dimension (< CHAIN_DIMS), every other
  // token lives in the remaining dimensions; the output row of a successor reads its predecessor's
  // dimension with a large weight, so that transition wins by a wide margin.
  const embedding = bigram
    ? (i: number) => {
        const token = Math.floor(i / hidden);
        const dim = i % hidden;
        const own = leadsTo.get(token);
        if (own !== undefined) return dim === own ? 1 : 0;
        return dim < CHAIN_DIMS ? 0 : (rand() * 2 - 1) * 0.05;
      }
    : normal(0.05);
  const tensors: GgufTensor[] = [
    f16Tensor('token_embd.weight', [hidden, nVocab], embedding),
    f32Tensor('output_norm.weight', [hidden], () => 1),
  ];
  if (bigram) {
    tensors.push(f16Tensor('output.weight', [hidden, nVocab], (i) => {
      const token = Math.floor(i / hidden);
      const dim = i % hidden;
      const from = successorDim.get(token);
      if (dim < CHAIN_DIMS) return from === dim ? 20 : 0;
      return (rand() * 2 - 1) * 0.01;
    }));
  }
  if (options.logitBias && options.logitBias.size > 0) {
    const bias = options.logitBias;
    tensors.push(f32Tensor('output.bias', [nVocab], (i) => bias.get(i) ?? 0));
  }
  for (let layer = 0; layer < layers; layer++) {
    const p = `blk.${layer}`;
    tensors.push(
      f32Tensor(`${p}.attn_norm.weight`, [hidden], () => 1),
      f32Tensor(`${p}.attn_q.weight`, [hidden, hidden], normal(0.05)),
      f32Tensor(`${p}.attn_k.weight`, [hidden, kvDim], normal(0.05)),
      f32Tensor(`${p}.attn_v.weight`, [hidden, kvDim], normal(0.05)),
      f32Tensor(`${p}.attn_output.weight`, [hidden, hidden], bigram ? () => 0 : normal(0.05)),
      f32Tensor(`${p}.ffn_norm.weight`, [hidden], () => 1),
      f32Tensor(`${p}.ffn_gate.weight`, [hidden, ff], normal(0.05)),
      f32Tensor(`${p}.ffn_up.weight`, [hidden, ff], normal(0.05)),
      f32Tensor(`${p}.ffn_down.weight`, [ff, hidden], bigram ? () => 0 : normal(0.05)),
    );
  }
  writeGguf(path, { metadata, tensors });
  const bytes = tensors.reduce((sum, tensor) => sum + tensor.data.length, 0);
  return { path, vocabSize: nVocab, tokens, bytes };
}
