/** Socket.IO room names: one home, so every joiner and emitter agrees. */
export const rooms = {
  workspace: (id: string) => `ws:${id}`,
  user: (id: string) => `user:${id}`,
  session: (id: string) => `session:${id}`,
  /** Under the workspace's room prefix, so leaving a workspace leaves its conversations too. */
  conversation: (workspaceId: string, id: string) => `ws:${workspaceId}:c:${id}`,
  /** The workspace's non-guest members (who may read record and visitor conversations). */
  staff: (workspaceId: string) => `ws:${workspaceId}:staff`,
  /** The workspace's widget visitors (who are in no other workspace room). */
  visitors: (workspaceId: string) => `ws:${workspaceId}:visitors`,
  /**
   * Sockets a full lockdown took out of the workspace (outside its prefix, so leaving the
   * workspace's rooms keeps this one): they hear when it ends.
   */
  lockedOut: (workspaceId: string) => `locked:${workspaceId}`,
  /** Sockets of the workspace's members in quarantine: like lockedOut, one person at a time. */
  quarantined: (workspaceId: string) => `quarantined:${workspaceId}`,
};
