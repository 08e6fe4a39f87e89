'use client';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { toShownError } from '@/components/client/errors';
import { trpc } from '@/components/client/trpc';
import { ConversationView } from '@/components/chat/ConversationView';
import { FormError, Loading } from '@/components/ui/field';
import { useThreadParam } from '@/components/workspace/use-thread-param';
import { useWorkspace } from '@/components/workspace/workspace-context';
import { can } from '@/shared/roles';
import { AlertChoices } from './AlertChoices';
import { CannedReplies } from './CannedReplies';
import { FILTERS, InboxList } from './InboxList';
import { ReplyToJoin } from './ReplyToJoin';
import { inboxHref, useInboxOn, type InboxFilter } from './use-inbox';
import { VisitorPanel } from './VisitorPanel';
import './inbox.css';

const isFilter = (f: string | null): f is InboxFilter => FILTERS.some((x) => x.id === f);

function SupportConversation({ conversationId }: { conversationId: string }) {
  const { ws } = useWorkspace();
  const { threadId, onThread } = useThreadParam();
  const detail = trpc.inbox.get.useQuery({ workspaceId: ws.id, conversationId });
  if (detail.isPending) return <Loading what="the conversation" />;
  if (!detail.data) return <FormError error={toShownError(detail.error)} />;
  const d = detail.data;
  const record = d.subject.type === 'visitor' ? '' : ` · ${d.subject.type} ${d.subject.id}`;
  return (
    <div className="inbox-open">
      <ConversationView
        key={conversationId}
        info={{
          id: conversationId,
          title: `${d.visitor.name}${record}`,
          name: d.visitor.name,
          topic: d.title,
          isMember: d.joined,
          archived: false,
          canModerate: can(ws.role, 'channel.manage'),
          canCorrect: can(ws.role, 'message.correct'),
        }}
        threadId={threadId}
        onThread={onThread}
        actions={
          <>
            <Link href={inboxHref(ws.slug)} className="inbox-back">
              <span aria-hidden="true">← </span>Back to the inbox
            </Link>
            <CannedReplies conversationId={conversationId} />
          </>
        }
        notMemberNotice={<ReplyToJoin conversationId={conversationId} visitorName={d.visitor.name} />}
      />
      <VisitorPanel detail={d} />
    </div>
  );
}

/**
 * The support inbox: visitor conversations by filter (longest wait first), the open one with its
 * visitor panel beside it. On a phone the list and a conversation are separate screens.
 */
export function InboxPage({ conversationId }: { conversationId: string | null }) {
  const { ws } = useWorkspace();
  const on = useInboxOn();
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const raw = search.get('filter');
  const filter: InboxFilter = isFilter(raw) ? raw : 'all';
  const onFilter = (f: InboxFilter) => {
    const q = new URLSearchParams(search.toString());
    q.set('filter', f);
    router.replace(`${pathname}?${q.toString()}`, { scroll: false });
  };
  if (!on)
    return (
      <section className="chat-empty">
        <h2>Inbox</h2>
        <p className="muted">
          {can(ws.role, 'inbox.work')
            ? 'The inbox lists conversations with visitors of your site. Turn the chat widget on in the admin console (Settings → Widget) to receive them.'
            : 'The inbox is for the team; guests do not see visitor conversations.'}
        </p>
      </section>
    );
  return (
    <div className={`inbox${conversationId ? ' has-open' : ''}`}>
      <div className="inbox-side">
        <InboxList filter={filter} onFilter={onFilter} activeId={conversationId} />
        <AlertChoices />
      </div>
      {conversationId ? (
        <SupportConversation conversationId={conversationId} />
      ) : (
        <section className="chat-empty inbox-none">
          <h2>Pick a conversation</h2>
          <p className="muted">Visitors who wait the longest are at the top of the list.</p>
        </section>
      )}
    </div>
  );
}
