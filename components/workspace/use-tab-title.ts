'use client';
import { usePathname } from 'next/navigation';
import { useEffect } from 'react';
import type { SidebarItem } from './use-conversations';

const COUNT = /^\(\d+\) /;

/** How many conversations wait for this person: unread ones, and visitors waiting for a reply. */
export const waitingCount = (items: readonly SidebarItem[]) =>
  new Set(items.filter((c) => c.unread > 0 || c.awaitingReply).map((c) => c.id)).size;

/**
 * Puts what waits in front of the tab's title, "(3) Enclave", as Slack and mail clients do, so a
 * background tab shows it. Re-applied after navigation, which sets the page's own title.
 */
export function useTabTitle(waiting: number) {
  const pathname = usePathname();
  useEffect(() => {
    const base = document.title.replace(COUNT, '');
    document.title = waiting > 0 ? `(${waiting}) ${base}` : base;
  }, [waiting, pathname]);
  useEffect(
    () => () => {
      document.title = document.title.replace(COUNT, '');
    },
    [],
  );
}
