// What to run to start a model server Crux can use, shown when none answers. Each command
// serves on the port of the configured URL (so no setting has to change) and turns on
// tool calling, which Crux relies on.
import type { StartCommand } from '../../src/protocol';

const DEFAULT_HF_MODEL = 'Qwen/Qwen2.5-Coder-7B-Instruct';
const DEFAULT_OLLAMA_MODEL = 'qwen2.5-coder:7b';

export function startCommands(serverUrl: string, model: string): StartCommand[] {
  const { host, port } = hostAndPort(serverUrl);
  const hfModel = model && model.includes('/') ? model : DEFAULT_HF_MODEL;
  const ollamaModel = model && !model.includes('/') ? model : DEFAULT_OLLAMA_MODEL;
  return [
    {
      label: 'vLLM',
      command: `vllm serve ${hfModel} --host ${host} --port ${port} --enable-auto-tool-choice --tool-call-parser hermes`,
    },
    {
      // Ollama's OpenAI endpoint passes tools through for models whose template has them.
      label: 'Ollama',
      command: `OLLAMA_HOST=${host}:${port} ollama serve & ollama pull ${ollamaModel}`,
    },
    {
      // --jinja makes llama.cpp use the model's chat template, which is what enables tool calls.
      label: 'llama.cpp',
      command: `llama-server -hf ${hfModel}-GGUF --host ${host} --port ${port} --jinja`,
    },
  ];
}

function hostAndPort(serverUrl: string): { host: string; port: string } {
  try {
    const url = new URL(serverUrl);
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    const host = url.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
    return { host, port };
  } catch {
    return { host: '127.0.0.1', port: '8000' };
  }
}
