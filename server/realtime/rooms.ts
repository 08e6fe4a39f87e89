/** Socket.IO room names: one home, so every joiner and emitter agrees. */
export const rooms = {
  workspace: (id: string) => `ws:${id}`,
  user: (id: string) => `user:${id}`,
  session: (id: string) => `session:${id}`,
  /** Under the workspace's room prefix, so leaving a workspace leaves its conversations too. */
  conversation: (workspaceId: string, id: string) => `ws:${workspaceId}:c:${id}`,
  /** The workspace's non-guest members (who may read record and visitor conversations). */
  staff: (workspaceId: string) => `ws:${workspaceId}:staff`,
};
