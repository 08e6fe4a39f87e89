/**
 * What deleting a message clears, beside its reactions: the server writes exactly this, and a client
 * that patches its copy from a `message:deleted` event applies the same, so both agree on the result
 * (a deleted message has no body, mentions nobody and is not pinned). A function, so that nobody
 * shares one `mentions` array.
 */
export const clearedOnDelete = () => ({
  body: null,
  mentions: [] as string[],
  mentionChannel: false,
  mentionHere: false,
  pinnedAt: null,
  pinnedBy: null,
});
