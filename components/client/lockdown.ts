'use client';
import { useEffect } from 'react';
import { lockdownModeLabel, lockdownRefusal, quarantineRefusal } from '@/shared/lockdown';
import { trpc, type RouterOutputs } from './trpc';

export type LockdownState = RouterOutputs['workspace']['lockdown'];

/**
 * The workspace's lockdown as this person meets it. The socket's `workspace:lockdown` refreshes
 * it (realtime.tsx); its end is a moment the page knows, so it asks again then by itself.
 */
export function useLockdown(workspaceId: string): LockdownState | undefined {
  const q = trpc.workspace.lockdown.useQuery({ workspaceId }, { staleTime: 30_000 });
  // The sooner of the two ends: then the page asks again.
  const ends = [q.data?.active?.endsAt, q.data?.quarantine?.endsAt].filter((x): x is string => !!x).sort();
  const endsAt = ends[0];
  const { refetch } = q;
  useEffect(() => {
    if (!endsAt) return;
    // setTimeout takes at most about 24 days; a lockdown lasts a week at most.
    const t = setTimeout(() => void refetch(), Math.max(0, Date.parse(endsAt) - Date.now()) + 500);
    return () => clearTimeout(t);
  }, [endsAt, refetch]);
  return q.data;
}

/** What a held-back person reads (the end in their own time), or null when they go on. */
export function lockdownNotice(l: LockdownState | undefined): string | null {
  if (l?.quarantine)
    return quarantineRefusal(
      l.quarantine.reason,
      new Date(l.quarantine.endsAt).toLocaleString(),
      l.quarantine.holds,
    );
  if (!l?.active || l.exempt) return null;
  return lockdownRefusal(l.active, new Date(l.active.endsAt).toLocaleString());
}

/**
 * What stands in place of the composer, or null when this person may send: a quarantine that
 * holds lets them (what they send waits for review), so only a lockdown can stop them then.
 */
export function composerNotice(l: LockdownState | undefined): string | null {
  return lockdownNotice(l?.quarantine?.holds ? { ...l, quarantine: null } : l);
}

/** For admins, who go on: what everyone else meets now. */
export function lockdownAdminNote(l: LockdownState | undefined): string | null {
  if (!l?.active || !l.exempt) return null;
  const until = new Date(l.active.endsAt).toLocaleString();
  return `${lockdownModeLabel[l.active.mode]} lockdown until ${until}: ${l.active.reason}. Only admins can ${l.active.mode === 'full' ? 'open the workspace' : 'write'}; manage it on the console's Security page.`;
}
