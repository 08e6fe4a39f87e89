import type { CSSProperties } from 'react';
import { avatarColour, initials } from './avatar';

/**
 * A person's initials in a coloured circle. Decorative: the name is always written next to it (or
 * visually hidden there), so screen readers skip it. Both theme shades are passed as variables and
 * components/chat/chat-ui.css picks one, so a theme switch needs no re-render.
 */
export function Avatar({
  userId,
  name,
  size = 'md',
  presence,
  text,
  colour,
}: {
  userId: string | null;
  name: string;
  size?: 'sm' | 'md';
  /** A dot in the corner; its shape differs per status, so colour is not the only cue. */
  presence?: 'online' | 'away' | 'dnd' | 'offline';
  /** Initials worked out elsewhere (the widget gets only those, not the full name). */
  text?: string;
  /** The colour the person chose (a name from shared/avatar-colours.ts); unset: the id's. */
  colour?: string | null;
}) {
  const c = avatarColour(userId, colour);
  const style = { '--avatar-light': c.light, '--avatar-dark': c.dark } as CSSProperties;
  return (
    <span className={`avatar avatar-${size}`} style={style} aria-hidden="true">
      {text ?? initials(name)}
      {presence && presence !== 'offline' ? <span className={`avatar-dot dot-${presence}`} /> : null}
    </span>
  );
}
