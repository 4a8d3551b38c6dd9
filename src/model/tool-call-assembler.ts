// Assembles native `tool_calls` stream deltas into whole calls. Servers differ: vLLM and
// llama.cpp send id/name first and then argument fragments under the same `index`; Ollama sends
// each call whole in one delta; some servers omit `index` or repeat the id on every fragment,
// and some reuse index 0 for every parallel call while giving each a fresh id.
import { newCallId, toolCallFromText } from './arguments';
import type { ModelDelta, ModelToolCall } from './types';

interface WireToolCallDelta {
  index?: unknown;
  id?: unknown;
  function?: { name?: unknown; arguments?: unknown } | null;
}

interface PendingCall {
  /** Position in this turn, used as the index of tool-call deltas. */
  position: number;
  id: string;
  name: string;
  argumentParts: string[];
}

export class ToolCallAssembler {
  private readonly calls: PendingCall[] = [];
  private readonly byIndex = new Map<number, PendingCall>();

  /** Adds one delta's `tool_calls` array; returns whether it carried a name or argument text. */
  add(deltas: readonly unknown[], onDelta?: (delta: ModelDelta) => void): boolean {
    let carried = false;
    for (const raw of deltas) {
      if (typeof raw !== 'object' || raw === null) continue;
      const delta = raw as WireToolCallDelta;
      const call = this.callFor(delta);
      const fn = delta.function ?? undefined;
      let newName: string | undefined;
      if (typeof fn?.name === 'string' && fn.name !== '' && call.name === '') {
        call.name = fn.name;
        newName = fn.name;
      }
      const fragment = argumentFragment(fn?.arguments);
      if (fragment !== '') call.argumentParts.push(fragment);
      if (newName === undefined && fragment === '') continue;
      carried = true;
      if (!onDelta) continue;
      const event: ModelDelta = { kind: 'tool-call', index: call.position, argumentsText: fragment };
      if (newName !== undefined) event.name = newName;
      onDelta(event);
    }
    return carried;
  }

  get count(): number {
    return this.calls.length;
  }

  finish(): ModelToolCall[] {
    const result: ModelToolCall[] = [];
    for (const call of this.calls) {
      const argumentsText = call.argumentParts.join('');
      if (call.name === '' && argumentsText === '') continue;
      result.push(toolCallFromText(call.id || newCallId(), call.name, argumentsText));
    }
    return result;
  }

  private callFor(delta: WireToolCallDelta): PendingCall {
    const id = typeof delta.id === 'string' ? delta.id : '';
    if (typeof delta.index === 'number') {
      const existing = this.byIndex.get(delta.index);
      const startsAnotherCall = existing !== undefined && id !== '' && existing.id !== '' && id !== existing.id;
      if (existing && !startsAnotherCall) {
        if (existing.id === '') existing.id = id;
        return existing;
      }
      const created = this.create(id);
      this.byIndex.set(delta.index, created);
      return created;
    }
    if (id !== '') {
      for (let i = this.calls.length - 1; i >= 0; i--) {
        const candidate = this.calls[i];
        if (candidate?.id === id) return candidate;
      }
      return this.create(id);
    }
    return this.calls[this.calls.length - 1] ?? this.create('');
  }

  private create(id: string): PendingCall {
    const call: PendingCall = { position: this.calls.length, id, name: '', argumentParts: [] };
    this.calls.push(call);
    return call;
  }
}

/** Arguments are a string fragment by the spec; a few servers send a whole object instead. */
function argumentFragment(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return '';
}
