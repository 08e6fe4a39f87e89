'use client';
import { useState, type FormEvent } from 'react';
import { authClient } from '@/components/client/auth-client';
import type { SessionUser } from '@/components/client/require-session';
import type { ShownError } from '@/components/client/errors';
import { FormError } from '@/components/ui/field';
import { Avatar } from '@/components/ui/Avatar';
import { AVATAR_PALETTE, avatarColourNames, isAvatarColourName } from '@/shared/avatar-colours';
import { accountError } from './account-errors';

// '' is the radio for "no choice": the colour picked from the account id, as before the picker.
const DEFAULT = '';

/**
 * The avatar colour picker: native radios (arrow keys move between them), each swatch showing the
 * person's initials in that colour, and a larger preview of the one picked.
 */
export function AvatarColourForm({ user }: { user: SessionUser }) {
  const saved = isAvatarColourName(user.avatarColour) ? user.avatarColour : DEFAULT;
  const [picked, setPicked] = useState<string>(saved);
  const [error, setError] = useState<ShownError | null>(null);
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const labelOf = (name: string) =>
    isAvatarColourName(name) ? AVATAR_PALETTE[name].label : 'the default colour';

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setDone(null);
    setError(null);
    setPending(true);
    // better-auth refetches the session after /update-user, so the page shows the saved choice.
    const res = await authClient.updateUser({ avatarColour: picked === DEFAULT ? null : picked });
    setPending(false);
    if (res.error) {
      return setError(
        accountError(
          res.error,
          { VALIDATION_ERROR: [null, 'Choose one of the colours shown, then save again.'] },
          'Your avatar colour could not be saved. Try again.',
        ),
      );
    }
    setDone(`Saved. Others now see your avatar in ${labelOf(picked).toLowerCase()}.`);
  }

  return (
    <section aria-labelledby="profile-avatar">
      <h2 id="profile-avatar">Avatar colour</h2>
      <form className="stack" onSubmit={(e) => void onSubmit(e)} noValidate>
        <FormError error={error} />
        <div className="avatar-preview" data-testid="avatar-preview">
          <Avatar userId={user.id} name={user.name} colour={picked || null} />
          <p className="muted">
            Preview: your initials in {labelOf(picked).toLowerCase()}, as others see them next to your
            messages.
          </p>
        </div>
        <fieldset className="swatches">
          <legend>Colour</legend>
          <label className="swatch">
            <input
              type="radio"
              name="avatarColour"
              value={DEFAULT}
              checked={picked === DEFAULT}
              onChange={() => setPicked(DEFAULT)}
            />
            <Avatar userId={user.id} name={user.name} size="sm" />
            Default
          </label>
          {avatarColourNames.map((name) => (
            <label key={name} className="swatch">
              <input
                type="radio"
                name="avatarColour"
                value={name}
                checked={picked === name}
                onChange={() => setPicked(name)}
              />
              <Avatar userId={user.id} name={user.name} size="sm" colour={name} />
              {AVATAR_PALETTE[name].label}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={pending}>
          {pending ? 'Saving…' : 'Save colour'}
        </button>
        <p role="status" className="ok">
          {done}
        </p>
      </form>
    </section>
  );
}
