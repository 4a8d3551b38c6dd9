// Bumped whenever a message changes shape. The webview sends its version in `ready`; the
// extension refuses to talk to a webview of another version (a stale cached bundle).
export const PROTOCOL_VERSION = 2;
