'use client';
import { useEffect, useRef } from 'react';
import { trpc } from '../client/trpc';
import { useChat } from '../chat/ChatProvider';
import type { FrameMessage } from './frame-bridge';

/** Bursts of events (a busy conversation) cost one refetch of the unread counts. */
const REFRESH_MS = 300;

/**
 * The visitor's conversations, kept live while the panel is closed: every room stays joined (so
 * messages and read marks arrive), counts are refetched on activity, and the host hears the total
 * unread whenever it changes.
 */
export function useVisitorConversations(post: (m: FrameMessage) => void) {
  const { engine, workspaceId, userId } = useChat();
  const utils = trpc.useUtils();
  const list = trpc.widget.conversations.useQuery({ workspaceId });

  const ids = list.data?.map((c) => c.id).join(',') ?? '';
  useEffect(() => {
    if (!ids) return;
    const releases = ids.split(',').map((id) => engine.want(id));
    return () => {
      for (const release of releases) release();
    };
  }, [engine, ids]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const refresh = () => {
      timer ??= setTimeout(() => {
        timer = null;
        void utils.widget.conversations.invalidate({ workspaceId });
      }, REFRESH_MS);
    };
    const off = engine.onActivity((a) => {
      // Someone else reading changes nothing in the visitor's own counts.
      if (a.type === 'read' ? a.userId === userId : a.type !== 'notification') refresh();
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [engine, utils, workspaceId, userId]);

  const total = list.data?.reduce((n, c) => n + (c.unread ?? 0), 0);
  const posted = useRef<number | null>(null);
  useEffect(() => {
    if (total === undefined || posted.current === total) return;
    posted.current = total;
    post({ type: 'unread', count: total });
  }, [total, post]);

  return list;
}
