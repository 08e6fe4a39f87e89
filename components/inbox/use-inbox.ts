'use client';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { useSocket } from '@/components/client/socket-store';
import { trpc, type RouterOutputs } from '@/components/client/trpc';
import { useChat } from '@/components/chat/ChatProvider';
import { can } from '@/shared/roles';
import { useWorkspace } from '@/components/workspace/workspace-context';
import { alertFlags, chime, notifyVisitor } from './alerts';

export type InboxItem = RouterOutputs['inbox']['list'][number];
export type InboxFilter = 'mine' | 'unassigned' | 'all' | 'snoozed' | 'closed';
export const inboxHref = (slug: string, conversationId?: string) =>
  `/w/${slug}/inbox${conversationId ? `/${conversationId}` : ''}`;

/** Whether this person works the inbox here: staff, with the workspace's widget on. */
export function useInboxOn() {
  const { ws } = useWorkspace();
  return ws.settings.widget.enabled && can(ws.role, 'inbox.work');
}

/**
 * Keeps every inbox query of the workspace current from `inbox:updated` (a visitor opened or wrote,
 * a teammate triaged) and alerts as the person chose: a chime, and a browser notification while
 * the tab is in the background. Mounted once per page, in the sidebar.
 */
export function useInboxLive() {
  const on = useInboxOn();
  const { ws } = useWorkspace();
  const socket = useSocket();
  const utils = trpc.useUtils();
  const router = useRouter();
  const counts = trpc.inbox.counts.useQuery({ workspaceId: ws.id }, { enabled: on, refetchInterval: 60_000 });

  useEffect(() => {
    if (!socket || !on) return;
    const workspaceId = ws.id;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const onUpdate = (p: { workspaceId: string; conversationId: string; change: string }) => {
      if (p.workspaceId !== workspaceId) return;
      if (p.change === 'note')
        void utils.inbox.notes.invalidate({ workspaceId, conversationId: p.conversationId });
      void utils.inbox.get.invalidate({ workspaceId, conversationId: p.conversationId });
      // One refetch of the lists per burst of changes.
      timer ??= setTimeout(() => {
        timer = null;
        void utils.inbox.list.invalidate({ workspaceId });
        void utils.inbox.counts.invalidate({ workspaceId });
        // The sidebar's visitor list carries the "waiting for a reply" marks the tab title counts.
        void utils.channel.listBySubject.invalidate({ workspaceId, type: 'visitor' });
      }, 250);
      if (p.change !== 'opened' && p.change !== 'message') return;
      const flags = alertFlags();
      if (flags.sound) chime();
      if (flags.notify && document.visibilityState === 'hidden')
        notifyVisitor(
          p.change === 'opened' ? 'New visitor conversation' : 'A visitor wrote',
          `${ws.name}: open the inbox to answer`,
          () => router.push(inboxHref(ws.slug, p.conversationId)),
        );
    };
    socket.on('inbox:updated', onUpdate);
    return () => {
      socket.off('inbox:updated', onUpdate);
      if (timer) clearTimeout(timer);
    };
  }, [socket, on, ws.id, ws.name, ws.slug, utils, router]);

  return { on, counts: counts.data ?? null };
}

/**
 * A teammate's reply in a listed conversation ends a wait: the lists are read again when a message
 * arrives in one of them (the inbox page joins their rooms; inbox:updated covers visitors only).
 */
export function useListedActivity(ids: readonly string[]) {
  const { engine } = useChat();
  const { ws } = useWorkspace();
  const utils = trpc.useUtils();
  const key = ids.join(',');
  useEffect(() => {
    const list = key ? key.split(',') : [];
    const releases = list.map((id) => engine.want(id));
    const set = new Set(list);
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = engine.onActivity((a) => {
      if (a.type !== 'message' || !set.has(a.conversationId) || timer) return;
      timer = setTimeout(() => {
        timer = null;
        void utils.inbox.list.invalidate({ workspaceId: ws.id });
        void utils.inbox.counts.invalidate({ workspaceId: ws.id });
        void utils.inbox.get.invalidate({ workspaceId: ws.id, conversationId: a.conversationId });
      }, 300);
    });
    return () => {
      off();
      releases.forEach((r) => r());
      if (timer) clearTimeout(timer);
    };
  }, [engine, key, utils, ws.id]);
}
