'use client';
import { useCallback, useMemo, type ReactNode } from 'react';
import type { SessionUser } from '@/components/client/require-session';
import type { Workspace } from '@/components/client/trpc';
import { ChatProvider } from '@/components/chat/ChatProvider';
import { ConnectionBanner } from '@/components/chat/ConnectionBanner';
import { Sidebar } from './Sidebar';
import './workspace.css';
import { useRecordType } from './use-conversations';
import { chatHref, WorkspaceContext } from './workspace-context';

export function Shell({ ws, user, children }: { ws: Workspace; user: SessionUser; children: ReactNode }) {
  const hrefOf = useCallback((c: string, m?: string) => chatHref(ws.slug, c, m), [ws.slug]);
  const [recordType, setRecordType] = useRecordType(ws.id);
  const value = useMemo(
    () => ({ ws, user, recordType, setRecordType }),
    [ws, user, recordType, setRecordType],
  );
  return (
    <WorkspaceContext.Provider value={value}>
      <ChatProvider workspaceId={ws.id} workspaceSlug={ws.slug} userId={user.id} hrefOf={hrefOf}>
        <div className="shell">
          <Sidebar />
          <div className="shell-main">
            <ConnectionBanner />
            {children}
          </div>
        </div>
      </ChatProvider>
    </WorkspaceContext.Provider>
  );
}
