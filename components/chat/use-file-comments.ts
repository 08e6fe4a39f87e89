'use client';
import { useEffect, useMemo } from 'react';
import type { ServerToClientEvents } from '@/server/realtime/types';
import { useSocket } from '../client/socket-store';
import { trpc, type RouterOutputs } from '../client/trpc';

export type FileComment = RouterOutputs['attachment']['comments'][number];
export interface CommentThread {
  first: FileComment;
  replies: FileComment[];
  /** Its number on the pins, in the order threads were started. */
  n: number;
}

/** Threads in the order they were started, each first comment with its replies. */
export function threadsOf(comments: readonly FileComment[]): CommentThread[] {
  const threads: CommentThread[] = [];
  const byId = new Map<string, CommentThread>();
  for (const c of comments) {
    if (c.parentId === null) {
      const t = { first: c, replies: [], n: threads.length + 1 };
      threads.push(t);
      byId.set(c.id, t);
    }
  }
  for (const c of comments) if (c.parentId !== null) byId.get(c.parentId)?.replies.push(c);
  return threads;
}

/**
 * A file's comment threads, kept live: a `file:comment` about this file (from anyone looking)
 * reloads them, so pins appear, move to resolved and go as others act.
 */
export function useFileComments(workspaceId: string, fileId: string, enabled: boolean) {
  const utils = trpc.useUtils();
  const socket = useSocket();
  const query = trpc.attachment.comments.useQuery({ workspaceId, fileId }, { enabled });
  useEffect(() => {
    if (!socket || !enabled) return;
    const on: ServerToClientEvents['file:comment'] = (p) => {
      if (p.workspaceId === workspaceId && p.fileId === fileId)
        void utils.attachment.comments.invalidate({ workspaceId, fileId });
    };
    socket.on('file:comment', on);
    return () => {
      socket.off('file:comment', on);
    };
  }, [socket, enabled, workspaceId, fileId, utils]);
  const threads = useMemo(() => threadsOf(query.data ?? []), [query.data]);
  return { query, threads };
}
