'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback } from 'react';

/** The open thread as `?thread=<rootId>` in the page's address (kept on reload and in links). */
export function useThreadParam() {
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const onThread = useCallback(
    (rootId: string | null) => {
      const q = new URLSearchParams(search.toString());
      if (rootId) q.set('thread', rootId);
      else q.delete('thread');
      const qs = q.toString();
      router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    [search, router, pathname],
  );
  return { threadId: search.get('thread'), onThread };
}
