// The bridge to the extension host. acquireVsCodeApi may be called only once per page, so
// this module is the one place that calls it; everything else gets a typed `post`.
import type { WebviewMessage } from '../src/protocol/index';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export type Post = (message: WebviewMessage) => void;

let api: VsCodeApi | undefined;

function vscodeApi(): VsCodeApi {
  api ??= acquireVsCodeApi();
  return api;
}

export function connectToHost(): Post {
  const host = vscodeApi();
  return (message) => host.postMessage(message);
}

/** What the page keeps across a reload of the view (VS Code's webview state): the draft, the chat. */
export interface PageState {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
}

export function pageState(): PageState {
  const host = vscodeApi();
  const all = (): Record<string, unknown> => {
    const state = host.getState();
    return typeof state === 'object' && state !== null ? state as Record<string, unknown> : {};
  };
  return {
    get: <T>(key: string) => all()[key] as T | undefined,
    set: (key, value) => host.setState({ ...all(), [key]: value }),
  };
}
