import { toggleReaction } from '../../domain/message/change';
import { messageOutput, reactInput } from '../../domain/message/schemas';
import { router } from '../init';
import { workspaceProcedure } from '../procedures';

const tags = ['reaction'];

export const reactionRouter = router({
  // Adds the caller's reaction with this emoji, or removes it; returns the message with its reactions.
  toggle: workspaceProcedure({ role: 'guest', visitor: true })
    .meta({
      openapi: {
        method: 'POST',
        path: '/workspaces/{workspaceId}/messages/{messageId}/reactions',
        tags,
        protect: true,
      },
    })
    .input(reactInput)
    .output(messageOutput)
    .mutation(({ ctx, input }) => toggleReaction(ctx, input)),
});
