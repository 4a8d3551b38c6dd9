// finish: the model says it is done. The agent ends the run with this summary.
import { ok } from './results';
import type { Tool } from './types';

export type FinishArgs = { summary: string };

export const finishTool: Tool<FinishArgs> = {
  name: 'finish',
  description: 'Call this when the task is done (or cannot be done). Give a short summary of what you changed and why.',
  parameters: {
    type: 'object',
    properties: {
      summary: { type: 'string', minLength: 1, description: 'What you changed and how you checked it, in a few sentences.' },
    },
    required: ['summary'],
    additionalProperties: false,
  },
  risk: () => 'read',
  describe: () => 'Finish the task',
  execute: async (args) => ok(`Finished: ${args.summary}`, { finish: { summary: args.summary } }),
};
