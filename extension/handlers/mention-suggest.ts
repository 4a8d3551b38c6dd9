// Paths for an @-mention being typed: files whose path holds the query (VS Code's file search,
// which honours files.exclude), and their folders.
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import type { Handler } from './context';

const MAX_PATHS = 20;

export const handleMentionSuggest: Handler<'mention-suggest'> = async (message, ctx) => {
  const query = message.query.replace(/[{}[\]*?]/g, '').slice(0, 100);
  const uris = await vscode.workspace.findFiles(`**/*${query}*`, '**/{node_modules,.git}/**', MAX_PATHS * 2);
  const files = uris.map((uri) => vscode.workspace.asRelativePath(uri, false).replace(/\\/g, '/')).sort((a, b) => a.length - b.length);
  const folders = [...new Set(files.map((file) => dirname(file)).filter((folder) => folder !== '.' && folder.includes(query)))].map((folder) => `${folder}/`);
  ctx.channel.post({ type: 'mention-suggestions', query: message.query, paths: [...folders, ...files].slice(0, MAX_PATHS) });
};
