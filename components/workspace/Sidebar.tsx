'use client';
import Link from 'next/link';
import { useParams, usePathname, useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { useChat } from '@/components/chat/ChatProvider';
import { InboxNav } from '@/components/inbox/InboxNav';
import { can } from '@/shared/roles';
import { ConversationSection } from './ConversationSection';
import { MeStatus } from './MeStatus';
import { MoreChannels } from './MoreChannels';
import { NewChannel } from './NewChannel';
import { NewDirect } from './NewDirect';
import { NotificationsBell } from './NotificationsBell';
import { QuickSwitcher } from './QuickSwitcher';
import { RecordTypePicker } from './Records';
import { SidebarSearch } from './SidebarSearch';
import { ThemeToggle } from './ThemeToggle';
import { useConversations } from './use-conversations';
import { tabTitle, unreadTotal, useTabTitle } from './use-tab-title';
import { chatHref, useWorkspace } from './workspace-context';
import { WorkspaceSwitcher } from './WorkspaceSwitcher';

// The tab title's place on the workspace's other pages.
const PAGE_NAMES: Record<string, string> = {
  search: 'Search',
  members: 'Members',
  audit: 'Audit log',
  inbox: 'Inbox',
  notifications: 'Notifications',
};

// Rooms joined for badges: enough for any sidebar a person can read; beyond it, the poll catches up.
const MAX_BADGE_ROOMS = 200;

export function Sidebar() {
  const { ws, recordType, setRecordType } = useWorkspace();
  const { engine } = useChat();
  const router = useRouter();
  const pathname = usePathname();
  const params = useParams<{ conversationId?: string }>();
  const convs = useConversations();
  const activeId =
    params.conversationId ?? (pathname === `/w/${ws.slug}` ? (convs.defaultId ?? undefined) : undefined);
  const navRef = useRef<HTMLElement>(null);

  // Live badges: message events reach a socket only in the conversation's room, so join them all.
  const roomIds = convs.ordered
    .slice(0, MAX_BADGE_ROOMS)
    .map((c) => c.id)
    .join(',');
  useEffect(() => {
    const releases = roomIds ? roomIds.split(',').map((id) => engine.want(id)) : [];
    return () => releases.forEach((r) => r());
  }, [engine, roomIds]);

  // Alt+ArrowUp/Down: previous/next conversation, from anywhere on the page.
  const ordered = convs.ordered;
  const shown = [...ordered, ...convs.visits];
  const place = activeId
    ? (shown.find((c) => c.id === activeId)?.name ??
      convs.others.find((c) => c.id === activeId)?.name ??
      null)
    : (PAGE_NAMES[pathname.split('/').at(-1) ?? ''] ?? null);
  useTabTitle(tabTitle(unreadTotal(shown), place, ws.name));
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') || ordered.length === 0) return;
      e.preventDefault();
      const at = ordered.findIndex((c) => c.id === activeId);
      const step = e.key === 'ArrowDown' ? 1 : -1;
      const next = ordered[at < 0 ? 0 : (at + step + ordered.length) % ordered.length];
      if (!next) return;
      const fromSidebar = !!navRef.current?.contains(document.activeElement);
      router.push(chatHref(ws.slug, next.id));
      if (fromSidebar) {
        navRef.current?.querySelector<HTMLElement>(`[data-conv-id="${CSS.escape(next.id)}"]`)?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ordered, activeId, router, ws.slug]);

  const loading = convs.channels.isPending || convs.directs.isPending;
  // A failed refetch (offline) keeps showing what was loaded.
  const error =
    (!convs.channels.data && convs.channels.error) || (!convs.directs.data && convs.directs.error);
  return (
    <aside className="sidebar" aria-label="Workspace">
      <div className="sb-head">
        <h1 className="ws-title">{ws.name}</h1>
        <WorkspaceSwitcher />
        <MeStatus />
        <div className="sb-links">
          <NotificationsBell />
          <Link href="/account">Your account</Link>
        </div>
        <QuickSwitcher />
        <SidebarSearch />
      </div>
      <nav ref={navRef} aria-label="Conversations" className="sb-nav">
        {loading ? (
          <p role="status" className="muted sb-empty">
            Loading conversations…
          </p>
        ) : error ? (
          <p role="alert" className="form-error sb-empty">
            Could not load conversations: {error.message}
          </p>
        ) : (
          <>
            <ConversationSection
              title="Channels"
              items={convs.mine}
              empty={
                can(ws.role, 'channel.create')
                  ? 'You are in no channel yet.'
                  : 'You are in no channel yet; a member can add you to one.'
              }
              activeId={activeId}
            />
            <MoreChannels channels={convs.others} />
            <NewChannel />
            <ConversationSection
              title="Direct messages"
              items={convs.dms}
              empty="No direct messages yet."
              activeId={activeId}
            />
            <NewDirect />
            {can(ws.role, 'channel.join') ? (
              <>
                <ConversationSection
                  title="Records"
                  items={convs.recs}
                  empty={recordType ? `No ${recordType} conversations you are in.` : null}
                  activeId={activeId}
                />
                <RecordTypePicker type={recordType} onType={setRecordType} />
              </>
            ) : null}
            {convs.visitorsOn ? (
              <ConversationSection
                title="Visitors"
                items={convs.visits}
                empty={
                  convs.visitors.error
                    ? `Could not load visitor conversations: ${convs.visitors.error.message}`
                    : convs.visitors.isPending
                      ? 'Loading visitor conversations…'
                      : 'No visitor conversations yet.'
                }
                activeId={activeId}
              />
            ) : null}
          </>
        )}
      </nav>
      <nav aria-label="Workspace pages" className="sb-pages">
        <ul>
          <InboxNav />
          <li>
            <Link
              href={`/w/${ws.slug}/search`}
              aria-current={pathname.endsWith('/search') ? 'page' : undefined}
            >
              Search
            </Link>
          </li>
          <li>
            <Link
              href={`/w/${ws.slug}/members`}
              aria-current={pathname.endsWith('/members') ? 'page' : undefined}
            >
              Members
            </Link>
          </li>
          {can(ws.role, 'audit.read') ? (
            <li>
              <Link href={`/admin/${ws.slug}/audit`}>Audit log</Link>
            </li>
          ) : null}
          {can(ws.role, 'console.open') ? (
            <li>
              <Link href={`/admin/${ws.slug}`}>Admin console</Link>
            </li>
          ) : null}
        </ul>
        <ThemeToggle />
      </nav>
    </aside>
  );
}
