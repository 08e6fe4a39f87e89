'use client';
import { useParams, useRouter } from 'next/navigation';
import { useState } from 'react';
import { authClient } from '@/components/client/auth-client';
import { toShownError, type ShownError } from '@/components/client/errors';
import { RequireSession, type SessionUser } from '@/components/client/require-session';
import { trpc } from '@/components/client/trpc';
import { FormError } from '@/components/ui/field';

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

function Accept({ user }: { user: SessionUser }) {
  const { token } = useParams<{ token: string }>();
  const router = useRouter();
  const utils = trpc.useUtils();
  const accept = trpc.member.accept.useMutation({
    onSuccess: async (r) => {
      await utils.workspace.listMine.invalidate();
      router.push(`/w/${r.slug}`);
    },
  });
  // An invitation sent to an address is refused until that address is verified.
  const unverified = !user.emailVerified && accept.error?.data?.code === 'FORBIDDEN';
  return (
    <div className="stack">
      <p>You have been invited to a workspace. You will join it as {user.email}.</p>
      <FormError error={toShownError(accept.error)} />
      {unverified ? <ResendVerification email={user.email} back={`/invite/${token}`} /> : null}
      <button
        type="button"
        disabled={accept.isPending || accept.isSuccess}
        onClick={() => accept.mutate({ token })}
      >
        {accept.isPending ? 'Accepting…' : 'Accept invitation'}
      </button>
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
