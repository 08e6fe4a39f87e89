'use client';
import { useEffect } from 'react';
import { useChat } from '@/components/chat/ChatProvider';
import { trpc } from '@/components/client/trpc';
import { useWorkspace } from './workspace-context';

/** The most the badge counts; beyond it it says "99+". */
export const BADGE_MAX = 99;

/**
 * The caller's unread notifications in this workspace, kept live: a `notification` socket event,
 * a read mark of ours (opening a conversation marks its mentions read) or a reconnect refetches
 * every notification listing of the workspace (the page's too).
 */
export function useUnreadNotifications() {
  const { ws, user } = useWorkspace();
  const { engine } = useChat();
  const utils = trpc.useUtils();
  const workspaceId = ws.id;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = engine.onActivity((a) => {
      const mine =
        a.type === 'notification' ||
        a.type === 'synced' ||
        a.type === 'readState' ||
        (a.type === 'read' && a.userId === user.id);
      if (!mine || timer) return;
      // A burst (several mentions at once) costs one refetch.
      timer = setTimeout(() => {
        timer = null;
        void utils.notification.list.invalidate({ workspaceId });
      }, 150);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [engine, utils, workspaceId, user.id]);
  return trpc.notification.list.useQuery(
    { workspaceId, unreadOnly: true, limit: BADGE_MAX + 1 },
    { refetchInterval: 60_000 },
  );
}
