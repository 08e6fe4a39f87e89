import type { VisitorConversation } from './use-shown-conversation';

export const CONVERSATION_LIST_ID = 'widget-conversations';

/** The visitor's conversations (own and records), each with its unread count, to switch between. */
export function ConversationList({
  conversations,
  currentId,
  onPick,
}: {
  conversations: readonly VisitorConversation[];
  currentId: string | null;
  onPick: (c: VisitorConversation) => void;
}) {
  return (
    <nav className="widget-convs" id={CONVERSATION_LIST_ID} aria-label="All conversations">
      <ul>
        {conversations.map((c) => (
          <li key={c.id}>
            <button
              type="button"
              aria-current={c.id === currentId ? 'true' : undefined}
              onClick={() => onPick(c)}
            >
              <span className="widget-conv-title">{c.title}</span>
              {c.unread ? (
                <span className="badge">
                  {c.unread}
                  <span className="sr-only"> unread</span>
                </span>
              ) : null}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
