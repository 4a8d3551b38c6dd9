// The commands the MCP support contributes (a module of its own, without the MCP code, so the
// activation test can list them).
export const MCP_COMMANDS = ['crux.trustWorkspaceMcp'] as const;
