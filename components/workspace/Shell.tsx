'use client';
import { usePathname } from 'next/navigation';
import { useCallback, useMemo, useState, type MouseEvent, type ReactNode } from 'react';
import type { SessionUser } from '@/components/client/require-session';
import type { Workspace } from '@/components/client/trpc';
import { ChatProvider } from '@/components/chat/ChatProvider';
import { ConnectionBanner } from '@/components/chat/ConnectionBanner';
import { useLockdown } from '@/components/client/lockdown';
import { LockdownBanner, LockedOut } from './LockdownBanner';
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
  // On a phone the conversation list is a screen of its own, opened from the page and left by
  // picking a conversation (or by going to another page).
  const path = usePathname();
  const [list, setList] = useState({ open: false, path });
  if (list.path !== path) setList({ open: false, path });
  const closeOnLink = (e: MouseEvent) => {
    if ((e.target as Element).closest('a')) setList({ open: false, path });
  };
  const lock = useLockdown(ws.id);
  // A full lockdown or a quarantine: nothing of the workspace opens for this person, so none of it
  // is asked for. A quarantine that holds lets them read on (the banner says their messages wait).
  if ((lock?.quarantine && !lock.quarantine.holds) || (lock?.active?.mode === 'full' && !lock.exempt))
    return <LockedOut lock={lock} name={ws.name} />;
  return (
    <WorkspaceContext.Provider value={value}>
      <ChatProvider workspaceId={ws.id} workspaceSlug={ws.slug} userId={user.id} hrefOf={hrefOf}>
        <div className={`shell${list.open ? ' list-open' : ''}`}>
          {/* Clicks on the list's links close it (the link itself navigates). */}
          <div className="shell-side" onClickCapture={closeOnLink}>
            <Sidebar />
          </div>
          <div className="shell-main">
            <button type="button" className="shell-back" onClick={() => setList({ open: true, path })}>
              <span aria-hidden="true">← </span>All conversations
            </button>
            <ConnectionBanner />
            <LockdownBanner lock={lock} slug={ws.slug} />
            {children}
          </div>
        </div>
      </ChatProvider>
    </WorkspaceContext.Provider>
  );
}
