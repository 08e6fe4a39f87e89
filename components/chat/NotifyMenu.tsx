'use client';
import { useState } from 'react';
import { LEVEL_WORDS, LEVELS, type Level } from '@/shared/notification-prefs';
import { toShownError } from '../client/errors';
import { trpc } from '../client/trpc';
import { FormError } from '../ui/field';
import { useChat } from './ChatProvider';

const MUTES = [
  { label: '1 hour', minutes: 60 },
  { label: '8 hours', minutes: 8 * 60 },
  { label: '24 hours', minutes: 24 * 60 },
  { label: '1 week', minutes: 7 * 24 * 60 },
] as const;

const untilLabel = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' });

/**
 * How this conversation notifies the person: their default for its kind, every message, mentions
 * and replies, or nothing; and a mute for a while. Their own choice, saved at once.
 */
export function NotifyMenu({ conversationId }: { conversationId: string }) {
  const { workspaceId } = useChat();
  const utils = trpc.useUtils();
  const [open, setOpen] = useState(false);
  const overrides = trpc.notification.conversationPreferences.useQuery(
    { workspaceId },
    { staleTime: 30_000 },
  );
  // Shown at once (component state: the radio follows the click), saved, read back only if refused.
  const [local, setLocal] = useState<{ level: Level | null; mutedUntil: string | null } | null>(null);
  const set = trpc.notification.setConversationPreference.useMutation({
    onError: () => {
      setLocal(null);
      void utils.notification.conversationPreferences.invalidate({ workspaceId });
    },
    onSuccess: () => utils.notification.conversationPreferences.invalidate({ workspaceId }),
  });
  const stored = overrides.data?.find((o) => o.conversationId === conversationId);
  const level = local ? local.level : (stored?.level ?? null);
  const until = local ? local.mutedUntil : (stored?.mutedUntil ?? null);
  const mutedUntil = until && new Date(until) > new Date() ? until : null;
  const save = (next: { level?: Level | null; mutedUntil?: string | null }) => {
    const row = {
      level: next.level === undefined ? level : next.level,
      mutedUntil: next.mutedUntil === undefined ? mutedUntil : next.mutedUntil,
    };
    setLocal(row);
    set.mutate({ workspaceId, conversationId, ...row });
  };
  const summary = mutedUntil ? 'Muted' : level ? LEVEL_WORDS[level] : 'Notifications';

  return (
    <details className="pins notify-menu" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary
        aria-label={`Notifications for this conversation: ${mutedUntil ? `muted until ${untilLabel(mutedUntil)}` : level ? LEVEL_WORDS[level] : 'default'}`}
      >
        <span aria-hidden="true">{mutedUntil ? '🔕' : '🔔'}</span> {summary}
      </summary>
      {open ? (
        <div className="pins-body">
          <fieldset disabled={overrides.isPending}>
            <legend>Notify me about</legend>
            {[null, ...LEVELS].map((l) => (
              <label key={l ?? 'default'} className="check">
                <input
                  type="radio"
                  name={`notify-${conversationId}`}
                  checked={level === l}
                  onChange={() => save({ level: l })}
                />{' '}
                {l ? LEVEL_WORDS[l] : 'My default for this kind of conversation'}
              </label>
            ))}
          </fieldset>
          <fieldset disabled={overrides.isPending}>
            <legend>Mute</legend>
            {mutedUntil ? (
              <p>
                Muted until {untilLabel(mutedUntil)}.{' '}
                <button type="button" className="secondary" onClick={() => save({ mutedUntil: null })}>
                  Unmute
                </button>
              </p>
            ) : (
              <div className="notify-mutes">
                {MUTES.map((m) => (
                  <button
                    key={m.minutes}
                    type="button"
                    className="secondary"
                    onClick={() =>
                      save({ mutedUntil: new Date(Date.now() + m.minutes * 60_000).toISOString() })
                    }
                  >
                    {m.label}
                  </button>
                ))}
              </div>
            )}
          </fieldset>
          <FormError error={toShownError(set.error ?? overrides.error)} />
        </div>
      ) : null}
    </details>
  );
}
