'use client';
import { usePathname } from 'next/navigation';
import { useEffect } from 'react';
import type { SidebarItem } from './use-conversations';

/**
 * How many messages wait for this person: every unread message of their conversations, and one
 * for each visitor conversation waiting for a reply with none unread for them (staff who have not
 * joined it have no read mark there). A conversation listed twice counts once.
 */
export function unreadTotal(items: readonly SidebarItem[]): number {
  const byId = new Map<string, number>();
  for (const c of items) byId.set(c.id, c.unread > 0 ? c.unread : c.awaitingReply ? 1 : 0);
  let total = 0;
  for (const n of byId.values()) total += n;
  return total;
}

/** "(3) general · Acme — Enclave": what waits, where the person is, then the workspace. */
export function tabTitle(waiting: number, place: string | null, workspace: string): string {
  return `${waiting > 0 ? `(${waiting}) ` : ''}${place ? `${place} · ` : ''}${workspace} — Enclave`;
}

/**
 * Puts the title on the tab, with what waits in front, as Slack and mail clients do, so that a
 * background tab shows it. Re-applied after navigation; the title from before comes back when the
 * workspace is left.
 */
export function useTabTitle(title: string) {
  const pathname = usePathname();
  useEffect(() => {
    const before = document.title;
    return () => {
      document.title = before;
    };
  }, []);
  useEffect(() => {
    document.title = title;
  }, [title, pathname]);
}
