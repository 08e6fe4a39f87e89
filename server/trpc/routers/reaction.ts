import { toggleReaction } from '../../domain/message/change';
import { messageOutput, reactInput } from '../../domain/message/schemas';
import { endpoints } from '../endpoint';
import { router } from '../init';

const api = endpoints('reaction');

export const reactionRouter = router({
  // Adds the caller's reaction with this emoji, or removes it; returns the message with its reactions.
  toggle: api.post(
    { role: 'guest', visitor: true },
    '/workspaces/{workspaceId}/messages/{messageId}/reactions',
    reactInput,
    messageOutput,
    toggleReaction,
  ),
});
