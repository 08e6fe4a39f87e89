'use client';
import { createContext, useContext } from 'react';
import type { SessionUser } from '@/components/client/require-session';
import type { Workspace } from '@/components/client/trpc';

export interface WorkspaceContextValue {
  ws: Workspace;
  user: SessionUser;
  /** The record type whose conversations the sidebar lists (see Records.tsx). */
  recordType: string;
  setRecordType: (type: string) => void;
}

export const WorkspaceContext = createContext<WorkspaceContextValue | null>(null);

/** The workspace of the `[slug]` segment and the signed-in user (the layout gates both). */
export function useWorkspace(): WorkspaceContextValue {
  const v = useContext(WorkspaceContext);
  if (!v) throw new Error('useWorkspace outside the workspace layout');
  return v;
}

export const chatHref = (slug: string, conversationId: string, messageId?: string) =>
  `/w/${slug}/c/${conversationId}${messageId ? `?m=${encodeURIComponent(messageId)}` : ''}`;
