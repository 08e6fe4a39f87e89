'use client';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { formText } from '@/components/client/form';
import { useWorkspace } from './workspace-context';

/** A search box on every workspace page: submitting opens the search page with the words in its URL. */
export function SidebarSearch() {
  const { ws } = useWorkspace();
  const router = useRouter();
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const q = formText(new FormData(e.currentTarget), 'q').trim();
    if (!q) return;
    router.push(`/w/${ws.slug}/search?q=${encodeURIComponent(q)}`);
    e.currentTarget.reset();
  }
  return (
    <form role="search" className="sb-search" onSubmit={onSubmit}>
      <input type="search" name="q" aria-label="Search messages" placeholder="Search messages" required />
      {/* Not "Search": the search page's own button has that name. */}
      <button type="submit" className="secondary">
        Find
      </button>
    </form>
  );
}
