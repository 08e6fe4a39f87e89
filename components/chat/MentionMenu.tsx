'use client';
import { BROADCAST_MENTIONS, type BroadcastMention } from '@/shared/mentions';
import type { Member } from '../client/trpc';

export type MentionOption =
  { kind: 'user'; userId: string; name: string } | { kind: 'all'; word: BroadcastMention; name: string };

const WHO: Record<BroadcastMention, string> = {
  channel: 'Everyone in this conversation',
  here: 'Everyone here and online',
};
const ALL = BROADCAST_MENTIONS.map((word): MentionOption => ({ kind: 'all', word, name: WHO[word] }));

/**
 * Members whose name matches what follows the `@` (name starts first), then @channel / @here.
 * Widget visitors are never suggested: staff pickers offer the team, not the outsiders it answers.
 */
export function mentionOptions(query: string, members: readonly Member[], self: string): MentionOption[] {
  const q = query.toLowerCase();
  const people = members
    .filter((m) => m.userId !== self && !m.visitor && m.name.toLowerCase().includes(q))
    .sort((a, b) => Number(!a.name.toLowerCase().startsWith(q)) - Number(!b.name.toLowerCase().startsWith(q)))
    .slice(0, 8)
    .map((m): MentionOption => ({ kind: 'user', userId: m.userId, name: m.name }));
  return [...people, ...ALL.filter((o) => o.kind === 'all' && o.word.startsWith(q))];
}

export const optionId = (listId: string, i: number) => `${listId}-opt-${i}`;

/** The autocomplete list under the composer; the textarea keeps focus (aria-activedescendant). */
export function MentionMenu({
  id,
  options,
  active,
  onPick,
}: {
  id: string;
  options: MentionOption[];
  active: number;
  onPick: (o: MentionOption) => void;
}) {
  return (
    <ul id={id} role="listbox" aria-label="Mention someone" className="mention-menu">
      {options.map((o, i) => (
        <li
          key={o.kind === 'user' ? o.userId : o.word}
          id={optionId(id, i)}
          role="option"
          aria-selected={i === active}
          className={i === active ? 'active' : undefined}
          // mousedown, not click: the textarea must not lose focus (and its caret) first.
          onMouseDown={(e) => {
            e.preventDefault();
            onPick(o);
          }}
        >
          {o.kind === 'user' ? (
            <>@{o.name}</>
          ) : (
            <>
              @{o.word} <span className="muted">{o.name}</span>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
