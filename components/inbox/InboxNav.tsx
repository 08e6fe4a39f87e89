'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useWorkspace } from '@/components/workspace/workspace-context';
import { useFaviconCount } from './alerts';
import { inboxHref, useInboxLive } from './use-inbox';

/** The sidebar's way into the inbox, with how many visitors wait; it keeps the inbox live. */
export function InboxNav() {
  const { ws } = useWorkspace();
  const pathname = usePathname();
  const { on, counts } = useInboxLive();
  const waiting = on ? (counts?.waiting ?? 0) : 0;
  useFaviconCount(waiting);
  if (!on) return null;
  const here = pathname.startsWith(inboxHref(ws.slug));
  return (
    <li>
      <Link href={inboxHref(ws.slug)} aria-current={here ? 'page' : undefined} className="inbox-nav">
        Inbox
        {waiting > 0 ? (
          <span className="badge badge-waiting" data-testid="inbox-waiting">
            {waiting}
            <span className="sr-only"> {waiting === 1 ? 'visitor waits' : 'visitors wait'}</span>
          </span>
        ) : null}
      </Link>
    </li>
  );
}
