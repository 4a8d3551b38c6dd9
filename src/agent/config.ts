// Settings of one agent run. The CLI fills them from flags, the extension from its
// configuration; defaults live here so both agree.
import type { ServerFacts } from '../model/server-facts';
import type { ServerKind, ToolFormat } from '../model/types';
import type { RuleFile } from '../context/project-rules';
import { DEFAULT_CONTEXT_BUDGET, type ContextBudget } from './context-window';
import type { AgentMode } from './mode';

export interface Sampling {
  temperature?: number;
  topP?: number;
  maxTokens?: number;
}

export interface AgentConfig {
  model: string;
  serverUrl: string;
  serverKind: ServerKind;
  /** What the server said about serving the model, for the run's header. */
  serverFacts?: ServerFacts;
  /** The resolved format ('auto' is resolved by the model client before a run). */
  toolFormat: ToolFormat;
  /** How to call tools, for text formats; empty for native tool calls. */
  toolFormatInstructions: string;
  /** The most model turns a run may take. */
  maxSteps: number;
  sampling: Sampling;
  context: ContextBudget;
  /** Consecutive replies without a tool call before the run ends with an error. */
  maxNoToolCallReplies: number;
  testCommand?: string;
  /** act (default) or ask: which tools are offered and how a run may end. */
  mode?: AgentMode;
  /** The project's rule files, put into the system prompt (src/context/project-rules.ts). */
  projectRules?: RuleFile[];
  /** Give nested AGENTS.md files as the agent works in their folders (set when AGENTS.md is
   * among the rule files: wantsNestedAgents). */
  nestedRules?: boolean;
}

export const DEFAULT_MAX_STEPS = 50;

export function defaultAgentConfig(overrides: Partial<AgentConfig> & Pick<AgentConfig, 'model' | 'serverUrl'>): AgentConfig {
  return {
    serverKind: 'unknown',
    toolFormat: 'native',
    toolFormatInstructions: '',
    maxSteps: DEFAULT_MAX_STEPS,
    sampling: {},
    context: DEFAULT_CONTEXT_BUDGET,
    maxNoToolCallReplies: 3,
    ...overrides,
  };
}
