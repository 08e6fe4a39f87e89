'use client';
import Link from 'next/link';
import { useState } from 'react';
import { useChat } from '@/components/chat/ChatProvider';
import { InviteForm } from '@/components/members/InviteForm';
import { useMediaQuery, PHONE_QUERY } from '@/components/ui/use-media-query';
import { can } from '@/shared/roles';
import { useConversations } from './use-conversations';
import { useWorkspace } from './workspace-context';

const dismissedKey = (workspaceId: string) => `enclave:getting-started:${workspaceId}`;

function isDismissed(workspaceId: string) {
  try {
    return localStorage.getItem(dismissedKey(workspaceId)) === '1';
  } catch {
    return false;
  }
}

/**
 * What a new workspace's admin does first, while they are still alone in it: invite the team (the
 * form is right here), make a channel, put the chat widget on their site. Each step is ticked off
 * as it is done; the card can be put away.
 */
export function GettingStarted() {
  const { ws } = useWorkspace();
  const { members } = useChat();
  const convs = useConversations();
  const [dismissed, setDismissed] = useState(() => typeof window !== 'undefined' && isDismissed(ws.id));
  // On a phone the invitation form would push the conversation below the fold: it waits behind a
  // disclosure there.
  const phone = useMediaQuery(PHONE_QUERY);
  const team = members.filter((m) => !m.visitor);
  if (dismissed || !can(ws.role, 'member.invite') || team.length === 0 || team.length > 1) return null;
  const channels = (convs.channels.data ?? []).length;
  const steps = [
    { done: team.length > 1, text: 'Invite your team' },
    { done: channels > 1, text: 'Create a channel for a topic or project (sidebar, “New channel”)' },
    {
      done: ws.settings.widget.enabled,
      text: 'Put the chat widget on your site',
      href: `/admin/${ws.slug}/settings/widget`,
    },
  ];
  return (
    <section className="getting-started" aria-labelledby="gs-title">
      <div className="gs-head">
        <h2 id="gs-title">Get {ws.name} started</h2>
        <button
          type="button"
          className="link-btn quiet"
          onClick={() => {
            try {
              localStorage.setItem(dismissedKey(ws.id), '1');
            } catch {
              // Put away for this page only.
            }
            setDismissed(true);
          }}
        >
          Hide
        </button>
      </div>
      <ol className="gs-steps">
        {steps.map((s) => (
          <li key={s.text} className={s.done ? 'done' : undefined}>
            <span aria-hidden="true">{s.done ? '✓' : '○'}</span>{' '}
            {s.href ? <Link href={s.href}>{s.text}</Link> : s.text}
            <span className="sr-only">{s.done ? ' (done)' : ' (to do)'}</span>
          </li>
        ))}
      </ol>
      {phone ? (
        <details className="gs-invite">
          <summary>Invite your team by link</summary>
          <InviteForm ws={ws} byEmail={false} />
        </details>
      ) : (
        <InviteForm ws={ws} byEmail={false} />
      )}
    </section>
  );
}
