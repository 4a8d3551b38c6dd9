// The bridge from a panel page to the extension host. acquireVsCodeApi may be called once per
// page; this module is the one place that calls it in the panels' bundle.
interface VsCodeApi {
  postMessage(message: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** A typed post for one page's message union. */
export type PanelPost<M> = (message: M) => void;

export function connectPanel<M>(): PanelPost<M> {
  const api = acquireVsCodeApi();
  return (message) => api.postMessage(message);
}
