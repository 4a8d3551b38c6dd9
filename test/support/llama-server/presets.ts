// Ready-made tiny models and server settings for tests that need a real llama-server to produce a
// particular reply from random weights (see tiny-model.ts for how the steering works).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readGguf } from './gguf';
import { writeTinyModel, type TinyModelInfo } from './tiny-model';

/** Qwen2.5-7B-Instruct's chat template (from llama.cpp's models/templates): it carries tools, so
 * llama.cpp recognises Hermes-style <tool_call> blocks and parses them into native tool calls. */
export const QWEN25_TOOLS_TEMPLATE = readFileSync(join(__dirname, 'templates', 'qwen2.5-tools.jinja'), 'utf8');

/** For text tool formats: the server-wide grammar that makes every reply one hermes call of finish. */
export const HERMES_FINISH_GRAMMAR =
  'root ::= "<tool_call>\\n{\\"name\\": \\"finish\\", \\"arguments\\": {\\"summary\\": \\"done\\"}}\\n</tool_call>"\n';

function tokenIds(vocabGguf: string): (text: string) => number {
  const tokens = readGguf(vocabGguf).metadata.get('tokenizer.ggml.tokens')?.value;
  if (!Array.isArray(tokens)) throw new Error(`${vocabGguf} has no tokens`);
  // GPT-2 byte-level BPE spells a newline Ċ, a space Ġ and a tab ĉ.
  const index = new Map(tokens.map((token, id) => [String(token), id]));
  return (text) => {
    const id = index.get(text.replace(/\n/g, 'Ċ').replace(/ /g, 'Ġ').replace(/\t/g, 'ĉ'));
    if (id === undefined) throw new Error(`the vocabulary has no token ${JSON.stringify(text)}`);
    return id;
  };
}

/**
 * A model that answers every prompt of the Qwen2.5 template with one native call of `finish`:
 * a bigram chain opens "<tool_call>\n" (spelt with tokens that the closing tag does not use, so
 * it opens only once), llama.cpp's lazy tool-call grammar takes over from there, and output
 * biases pick within it: `finish` for the name, a quote to close strings as early as allowed,
 * braces and "</" to close the call, then <|im_end|>. Whitespace is pushed down so the grammar's
 * optional spaces stay short. With `--jinja --chat-template-file` QWEN25_TOOLS_TEMPLATE.
 */
export function writeFinishCallingModel(path: string, vocabGguf: string): TinyModelInfo {
  const id = tokenIds(vocabGguf);
  const bias = new Map<number, number>([
    [id('"'), 30], [id('}'), 25], [id(':'), 24], [id('</'), 22], [id('finish'), 20], [id('<|im_end|>'), 10],
  ]);
  const newline = id('\n');
  const tokens = readGguf(vocabGguf).metadata.get('tokenizer.ggml.tokens')?.value as string[];
  tokens.forEach((token, tokenId) => {
    if (/^[ĠĊĉ]+$/.test(token) && tokenId !== newline) bias.set(tokenId, -30);
  });
  return writeTinyModel(path, {
    vocabGguf,
    chain: [newline, id('<t'), id('ool'), id('_'), id('call'), id('>\n')],
    logitBias: bias,
  });
}
