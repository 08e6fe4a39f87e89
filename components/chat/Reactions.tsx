'use client';
import { listNames } from './format';
import { ReactionButton } from './ReactionButton';
import type { NameOf } from './Markdown';
import type { Reaction } from './types';

/** The reactions under a message; each shows who reacted (title and accessible name) and toggles mine. */
export function Reactions({
  reactions,
  me,
  nameOf,
  onToggle,
  disabled,
  onAdd,
}: {
  reactions: readonly Reaction[];
  me: string;
  nameOf: NameOf;
  onToggle: (emoji: string) => void;
  disabled?: boolean;
  /** Opens the picker from a "+" after the reactions; absent where the caller may not react. */
  onAdd?: (emoji: string) => void;
}) {
  if (reactions.length === 0) return null;
  return (
    <ul className="reactions" aria-label="Reactions">
      {reactions.map((r) => {
        const mine = r.userIds.includes(me);
        const who = listNames(
          r.userIds.map((id) => (id === me ? 'you' : (nameOf(id) ?? 'someone'))),
          8,
        );
        const label = `${r.emoji} ${r.count}: ${who}`;
        return (
          <li key={r.emoji}>
            <button
              type="button"
              className={`reaction${mine ? ' mine' : ''}`}
              aria-pressed={mine}
              aria-label={label}
              title={`${who} reacted with ${r.emoji}`}
              disabled={disabled}
              onClick={() => onToggle(r.emoji)}
            >
              <span aria-hidden="true">{r.emoji}</span> <span aria-hidden="true">{r.count}</span>
            </button>
          </li>
        );
      })}
      {onAdd ? (
        <li>
          <ReactionButton className="reaction reaction-add" onReact={onAdd}>
            <span aria-hidden="true">+</span>
          </ReactionButton>
        </li>
      ) : null}
    </ul>
  );
}
