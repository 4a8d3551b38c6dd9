// The typed message protocol between the extension host and the webview.
export * from './version';
export * from './state';
export * from './to-webview';
export * from './from-webview';
export * from './requests';
export type { ParseResult } from './union';
