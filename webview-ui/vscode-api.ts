// The bridge to the extension host. acquireVsCodeApi may be called only once per page, so
// this module is the one place that calls it; everything else gets a typed `post`.
import type { WebviewMessage } from '../src/protocol/index';

interface VsCodeApi {
  postMessage(message: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export type Post = (message: WebviewMessage) => void;

export function connectToHost(): Post {
  const api = acquireVsCodeApi();
  return (message) => api.postMessage(message);
}
