'use client';
import { useChat } from './ChatProvider';
import { listNames } from './format';
import { useTyping } from './use-chat-state';

/** "Ann is typing…" from the room's typing events; each entry disappears at its expiry. */
export function TypingIndicator({ conversationId }: { conversationId: string }) {
  const { nameOf, unknownName } = useChat();
  const ids = useTyping(conversationId);
  const names = ids.map((id) => nameOf(id) ?? unknownName);
  const text =
    names.length === 0
      ? ''
      : names.length > 3
        ? 'Several people are typing…'
        : `${listNames(names)} ${names.length === 1 ? 'is' : 'are'} typing…`;
  return (
    <div className="typing" role="status" aria-live="polite" data-testid="typing-indicator">
      {text}
    </div>
  );
}
