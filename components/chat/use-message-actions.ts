'use client';
import { useMemo, useState } from 'react';
import { errorText } from './pages';
import { trpc } from '../client/trpc';
import { useChat } from './ChatProvider';
import type { Message } from './types';

/**
 * Edit, delete, pin and react through the API. The returned message is merged at once (the socket
 * event that follows carries the same rev and changes nothing), so the author sees the result
 * without waiting for the round trip through the room.
 */
export function useMessageActions() {
  const { engine, workspaceId } = useChat();
  const utils = trpc.useUtils();
  const [error, setError] = useState<string | null>(null);
  const actions = useMemo(() => {
    const api = utils.client;
    const run = async (what: string, f: () => Promise<Message>) => {
      try {
        engine.mergeChange(await f());
        setError(null);
      } catch (e) {
        setError(`Could not ${what}: ${errorText(e)}`);
      }
    };
    return {
      react: (m: Message, emoji: string) =>
        run('react', () => api.reaction.toggle.mutate({ workspaceId, messageId: m.id, emoji })),
      remove: (m: Message) =>
        run('delete the message', () => api.message.delete.mutate({ workspaceId, messageId: m.id })),
      pin: (m: Message) =>
        run(m.pinnedAt ? 'unpin' : 'pin', () =>
          api.message.pin.mutate({ workspaceId, messageId: m.id, pinned: !m.pinnedAt }),
        ),
      /** Throws, so the edit form can show the problem where it was typed. */
      edit: async (m: Message, body: string) => {
        engine.mergeChange(await api.message.edit.mutate({ workspaceId, messageId: m.id, body }));
      },
    };
  }, [engine, utils, workspaceId]);
  return { ...actions, error, clearError: () => setError(null) };
}
