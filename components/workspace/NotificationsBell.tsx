'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { BADGE_MAX, useUnreadNotifications } from './use-notifications';
import { useWorkspace } from './workspace-context';
import './notifications.css';

/** The sidebar header's way to the notifications page, with the unread count (live). */
export function NotificationsBell() {
  const { ws } = useWorkspace();
  const pathname = usePathname();
  const unread = useUnreadNotifications();
  const href = `/w/${ws.slug}/notifications`;
  const n = unread.data?.length ?? 0;
  return (
    <Link href={href} className="sb-bell" aria-current={pathname === href ? 'page' : undefined}>
      <span aria-hidden="true">🔔</span> Notifications
      {n > 0 ? (
        <span className="badge badge-mention" data-testid="notification-badge">
          {n > BADGE_MAX ? `${BADGE_MAX}+` : n}
          <span className="sr-only"> unread</span>
        </span>
      ) : null}
    </Link>
  );
}
