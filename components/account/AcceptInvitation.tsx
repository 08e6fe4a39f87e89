'use client';
import Link from 'next/link';
import { useParams, useRouter } from 'next/navigation';
import { useState } from 'react';
import { authClient } from '@/components/client/auth-client';
import { toShownError, type ShownError } from '@/components/client/errors';
import { RequireSession, type SessionUser } from '@/components/client/require-session';
import { trpc } from '@/components/client/trpc';
import { FormError, Loading } from '@/components/ui/field';

export function AcceptInvitation() {
  return (
    <>
      <h1>Invitation</h1>
      <RequireSession message="Sign in or create an account to accept this invitation.">
        {(user) => <Accept user={user} />}
      </RequireSession>
    </>
  );
}

const ROLE_WORDS: Record<string, string> = {
  owner: 'an owner',
  admin: 'an admin',
  moderator: 'a moderator',
  member: 'a member',
  guest: 'a guest',
};

function Accept({ user }: { user: SessionUser }) {
  const { token } = useParams<{ token: string }>();
  const router = useRouter();
  const utils = trpc.useUtils();
  const preview = trpc.member.invitation.useQuery({ token }, { retry: false });
  const accept = trpc.member.accept.useMutation({
    onSuccess: async (r) => {
      await utils.workspace.listMine.invalidate();
      router.push(`/w/${r.slug}`);
    },
  });
  // An invitation sent to an address is refused until that address is verified.
  const unverified = !user.emailVerified && accept.error?.data?.code === 'FORBIDDEN';
  if (preview.isPending) return <Loading what="the invitation" />;
  if (!preview.data)
    return (
      <div className="stack">
        <p role="alert" className="form-error">
          This invitation link is not valid: it may have been revoked or mistyped. Ask for a new one.
        </p>
        <p>
          <Link href="/workspaces">Go to your workspaces</Link>
        </p>
      </div>
    );
  const p = preview.data;
  const role = ROLE_WORDS[p.role] ?? p.role;
  return (
    <div className="stack">
      <p>
        <strong>{p.invitedBy}</strong> invited you to join <strong>{p.workspaceName}</strong> as {role}.
      </p>
      {p.state === 'used' ? (
        <p role="alert" className="form-error">
          This invitation has already been used. Ask {p.invitedBy} for a new one if you still need it.
        </p>
      ) : p.state === 'expired' ? (
        <p role="alert" className="form-error">
          This invitation expired on {new Date(p.expiresAt).toLocaleDateString([], { dateStyle: 'long' })}.
          Ask {p.invitedBy} for a new one.
        </p>
      ) : (
        <>
          <p className="muted">
            You will join as {user.email}
            {p.email && p.email.toLowerCase() !== user.email.toLowerCase()
              ? `; this invitation was sent to ${p.email}, so sign in with that address to accept it.`
              : '.'}
          </p>
          <FormError error={toShownError(accept.error)} />
          {unverified ? <ResendVerification email={user.email} back={`/invite/${token}`} /> : null}
          <button
            type="button"
            disabled={accept.isPending || accept.isSuccess}
            onClick={() => accept.mutate({ token })}
          >
            {accept.isPending ? 'Joining…' : `Join ${p.workspaceName}`}
          </button>
        </>
      )}
    </div>
  );
}

/** Sends the verification mail again; its link verifies the address and comes back here. */
function ResendVerification({ email, back }: { email: string; back: string }) {
  const [state, setState] = useState<'idle' | 'sending' | 'sent'>('idle');
  const [error, setError] = useState<ShownError | null>(null);
  async function resend() {
    setState('sending');
    setError(null);
    const res = await authClient.sendVerificationEmail({ email, callbackURL: back });
    if (res.error) {
      setState('idle');
      return setError(toShownError(res.error));
    }
    setState('sent');
  }
  return (
    <div className="stack">
      <p>
        Open the link in the mail we sent to {email}, then accept the invitation. No mail? Check your spam
        folder, or have it sent again.
      </p>
      <FormError error={error} />
      <button type="button" disabled={state !== 'idle'} onClick={() => void resend()}>
        {state === 'sending' ? 'Sending…' : 'Send the verification mail again'}
      </button>
      <p role="status">{state === 'sent' ? `Sent to ${email}. The link brings you back here.` : ''}</p>
    </div>
  );
}
