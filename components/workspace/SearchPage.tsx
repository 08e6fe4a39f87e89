'use client';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useId, useState, type FormEvent } from 'react';
import { toShownError } from '@/components/client/errors';
import { formText } from '@/components/client/form';
import { trpc } from '@/components/client/trpc';
import { useChat } from '@/components/chat/ChatProvider';
import { fullLabel } from '@/components/chat/format';
import { Markdown } from '@/components/chat/Markdown';
import type { SearchHit } from '@/components/chat/types';
import { Field, FormError, Loading, SelectField } from '@/components/ui/field';
import { highlightPieces } from './highlight';
import { directName } from './use-conversations';
import { useWorkspace } from './workspace-context';
import { unnamed } from '@/shared/erasure';

export function SearchPage() {
  return (
    <div className="pane">
      <h2>Search messages</h2>
      <Suspense fallback={<Loading what="search" />}>
        <Search />
      </Suspense>
    </div>
  );
}

// Day boundaries in the searcher's own time zone.
const startOfDay = (d: string) => new Date(`${d}T00:00:00`).toISOString();
const endOfDay = (d: string) => new Date(`${d}T23:59:59.999`).toISOString();
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The query and filters live in the URL (?q, c, a, from, to, in), so results can be linked and revisited. */
function Search() {
  const { ws, user } = useWorkspace();
  const { nameOf, hrefOf, members } = useChat();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const whereId = useId();
  const q = params.get('q') ?? '';
  const conversationId = params.get('c') ?? '';
  const authorId = params.get('a') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const where = params.get('in') ?? '';

  const channels = trpc.channel.list.useQuery({ workspaceId: ws.id });
  const directs = trpc.channel.listDirect.useQuery({ workspaceId: ws.id });
  // Widget visitors are authors only on request (the author named in the link is kept).
  const [withVisitors, setWithVisitors] = useState(false);
  const authors = members.filter((m) => withVisitors || !m.visitor || m.userId === authorId);
  const results = trpc.search.messages.useQuery(
    {
      workspaceId: ws.id,
      query: q,
      limit: 50,
      ...(conversationId ? { conversationId } : {}),
      ...(authorId ? { authorId } : {}),
      ...(DATE.test(from) ? { from: startOfDay(from) } : {}),
      ...(DATE.test(to) ? { to: endOfDay(to) } : {}),
      ...(where === 'threads' ? { inThreads: true } : where === 'top' ? { inThreads: false } : {}),
    },
    { enabled: q.trim().length > 0, retry: false },
  );
  const error = toShownError(results.error);
  const marked = (text: string) =>
    highlightPieces(text, q).map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : p.text));

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const next = new URLSearchParams();
    for (const key of ['q', 'c', 'a', 'from', 'to', 'in']) {
      const v = formText(form, key).trim();
      if (v) next.set(key, v);
    }
    router.replace(`${pathname}?${next.toString()}`);
  }

  const convName = (hit: SearchHit) => {
    if (hit.conversationName) {
      return channels.data?.some((c) => c.id === hit.conversationId)
        ? `#${hit.conversationName}`
        : hit.conversationName;
    }
    const d = directs.data?.find((x) => x.id === hit.conversationId);
    return d ? directName(d, user.id) : 'Direct message';
  };
  const hrefFor = (hit: SearchHit) =>
    hit.parentId
      ? `${hrefOf(hit.conversationId, hit.parentId)}&thread=${encodeURIComponent(hit.parentId)}`
      : hrefOf(hit.conversationId, hit.id);

  return (
    <>
      <form className="search-form" onSubmit={onSubmit} aria-label="Search messages" key={params.toString()}>
        <Field label="Search for" name="q" type="search" defaultValue={q} required error={error} />
        <SelectField
          label="Conversation"
          name="c"
          defaultValue={conversationId}
          options={[
            { value: '', label: 'Anywhere' },
            ...(channels.data ?? []).map((c) => ({ value: c.id, label: `#${c.name}` })),
            ...(directs.data ?? []).map((d) => ({ value: d.id, label: directName(d, user.id) })),
          ]}
        />
        <SelectField
          label="Author"
          name="a"
          defaultValue={authorId}
          options={[
            { value: '', label: 'Anyone' },
            ...authors.map((m) => ({ value: m.userId, label: m.visitor ? `${m.name} (visitor)` : m.name })),
          ]}
        />
        <label className="check">
          <input type="checkbox" checked={withVisitors} onChange={(e) => setWithVisitors(e.target.checked)} />{' '}
          Include widget visitors
        </label>
        <Field label="From" name="from" type="date" defaultValue={from} error={error} />
        <Field label="To" name="to" type="date" defaultValue={to} error={error} />
        <div className="field">
          <label htmlFor={whereId}>In threads</label>
          <select id={whereId} name="in" defaultValue={where}>
            <option value="">Messages and replies</option>
            <option value="threads">Only thread replies</option>
            <option value="top">Not in threads</option>
          </select>
        </div>
        <button type="submit">Search</button>
      </form>
      <FormError error={error} />
      {!q ? (
        <p className="muted">Search words in the messages you can read. Deleted messages are not found.</p>
      ) : results.isPending ? (
        <Loading what="results" />
      ) : results.error ? null : results.data.length === 0 ? (
        <p className="muted" role="status">
          No messages match.
        </p>
      ) : (
        <>
          <p className="muted" role="status">
            {results.data.length === 1 ? '1 message' : `${results.data.length} messages`}
          </p>
          <ol className="search-results" aria-label="Search results">
            {results.data.map((hit) => (
              <li key={hit.id}>
                <article aria-labelledby={`hit-${hit.id}`}>
                  <div className="msg-head">
                    <span id={`hit-${hit.id}`} className="msg-author">
                      {hit.authorId ? (nameOf(hit.authorId) ?? unnamed(hit.authorId)) : 'Someone'}
                    </span>
                    <span className="muted">in {convName(hit)}</span>
                    <time dateTime={hit.createdAt}>{fullLabel(hit.createdAt)}</time>
                    {hit.parentId ? <span className="muted">(thread reply)</span> : null}
                  </div>
                  {hit.body ? <Markdown text={hit.body} nameOf={nameOf} renderText={marked} /> : null}
                  <Link href={hrefFor(hit)}>Open in conversation</Link>
                </article>
              </li>
            ))}
          </ol>
        </>
      )}
    </>
  );
}
