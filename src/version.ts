// The version written into trajectories and shown by `crux --version`. Kept in step with
// package.json by a test.
export const CRUX_VERSION = '0.1.0';
