// The typed message protocol between the extension host and the webview.
export * from './version';
export * from './state';
export * from './to-webview';
export * from './from-webview';
export * from './requests';
// The agent view's loop banners, checkpoints and branches, consent and verdicts.
export * from './loop-messages';
export * from './branch-messages';
export * from './consent-messages';
export * from './editor-messages';
// Conversations: follow-ups, modes, what a run was given.
export * from './chat-messages';
export * from './rules-messages';
// The editor panels over stored runs (history, trajectory viewer, trajectory tree).
export * from './panels';
export * from './history-messages';
export * from './viewer-run';
export * from './viewer-messages';
export * from './tree-messages';
export type { ParseResult } from './union';
