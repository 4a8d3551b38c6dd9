import assert from 'node:assert/strict';
import { startCommands } from '../../../extension/run/start-commands';

describe('extension: commands that start a model server', () => {
  it('serve on the configured port with tool calling on', () => {
    const [vllm, ollama, llamacpp] = startCommands('http://127.0.0.1:8123/v1', '');
    assert.match(vllm?.command ?? '', /^vllm serve \S+ --host 127\.0\.0\.1 --port 8123 --enable-auto-tool-choice --tool-call-parser hermes$/);
    assert.match(ollama?.command ?? '', /OLLAMA_HOST=127\.0\.0\.1:8123 ollama serve/);
    assert.match(llamacpp?.command ?? '', /--port 8123 --jinja$/);
  });

  it('use the configured model where it fits the server', () => {
    const [vllm, ollama] = startCommands('http://localhost:8000/v1', 'Qwen/Qwen3-Coder-30B-A3B-Instruct');
    assert.match(vllm?.command ?? '', /vllm serve Qwen\/Qwen3-Coder-30B-A3B-Instruct /);
    assert.doesNotMatch(ollama?.command ?? '', /Qwen3-Coder/);
    const [, ollamaNamed] = startCommands('http://localhost:11434/v1', 'llama3.1:8b');
    assert.match(ollamaNamed?.command ?? '', /ollama pull llama3\.1:8b/);
  });

  it('fall back to defaults for a URL without a port or an unparsable one', () => {
    assert.match(startCommands('http://myhost/v1', '')[0]?.command ?? '', /--host myhost --port 80 /);
    assert.match(startCommands('not a url', '')[0]?.command ?? '', /--port 8000 /);
  });
});
