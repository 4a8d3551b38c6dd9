// The token budget of a run, from what the server said and what the user set: the context window
// Crux fits its prompts into and the reply budget it sends as max_tokens on every turn (without
// one, llama.cpp lets a rambling reply run until the context is full).
import type { ServerFacts } from '../model/server-facts';
import { DEFAULT_CONTEXT_BUDGET, type ContextBudget } from './context-window';

export interface BudgetSettings {
  /** The user's --context-tokens / crux.model.contextTokens, when set. */
  contextTokens?: number;
  /** The user's --max-tokens / crux.model.maxTokens, when set. */
  maxTokens?: number;
}

export interface RunBudget {
  context: ContextBudget;
  /** Sent as max_tokens on every turn. */
  maxTokens: number;
  /** Said to the user before the run (a setting above the server's window, a small window). */
  warnings: string[];
}

/** The reply may take at most this share of a window nobody sized for it. */
const REPLY_SHARE_OF_WINDOW = 4;
/** Below this, the system prompt and tools alone may not fit. */
const SMALL_WINDOW = 4096;

export function planBudget(facts: ServerFacts | undefined, settings: BudgetSettings): RunBudget {
  const warnings = [...(facts?.warnings ?? [])];
  const serverWindow = facts?.contextTokens;
  let contextTokens = settings.contextTokens ?? serverWindow ?? DEFAULT_CONTEXT_BUDGET.contextTokens;
  if (serverWindow !== undefined && settings.contextTokens !== undefined && settings.contextTokens > serverWindow) {
    warnings.push(
      `The context setting (${fmt(settings.contextTokens)} tokens) is larger than the window the server gives the model ` +
        `(${fmt(serverWindow)}); using ${fmt(serverWindow)}, since a longer prompt would be refused or cut.`,
    );
    contextTokens = serverWindow;
  }
  let maxTokens = settings.maxTokens ?? Math.min(DEFAULT_CONTEXT_BUDGET.replyTokens, Math.floor(contextTokens / REPLY_SHARE_OF_WINDOW));
  if (facts?.replyTokens !== undefined && maxTokens > facts.replyTokens) maxTokens = facts.replyTokens;
  if (maxTokens >= contextTokens) {
    const fitted = Math.floor(contextTokens / REPLY_SHARE_OF_WINDOW);
    warnings.push(`The reply budget (${fmt(maxTokens)} tokens) does not fit the ${fmt(contextTokens)}-token window; using ${fmt(fitted)}.`);
    maxTokens = fitted;
  }
  if (contextTokens < SMALL_WINDOW && serverWindow !== undefined) {
    warnings.push(
      `The server gives the model a ${fmt(contextTokens)}-token window, small for an agent: Crux keeps prompts within it by ` +
        'shortening old tool output, but long files and logs will be cut. Start the server with a larger context if you can.',
    );
  }
  return { context: { ...DEFAULT_CONTEXT_BUDGET, contextTokens, replyTokens: maxTokens }, maxTokens, warnings };
}

function fmt(tokens: number): string {
  return tokens.toLocaleString('en-US');
}
