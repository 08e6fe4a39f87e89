'use client';
import { useParams, useRouter } from 'next/navigation';
import { toShownError } from '@/components/client/errors';
import { RequireSession } from '@/components/client/require-session';
import { trpc } from '@/components/client/trpc';
import { FormError } from '@/components/ui/field';

export default function InvitePage() {
  return (
    <>
      <h1>Invitation</h1>
      <RequireSession message="Sign in or create an account to accept this invitation.">
        {(user) => <Accept email={user.email} />}
      </RequireSession>
    </>
  );
}

function Accept({ email }: { email: string }) {
  const { token } = useParams<{ token: string }>();
  const router = useRouter();
  const utils = trpc.useUtils();
  const accept = trpc.member.accept.useMutation({
    onSuccess: async (r) => {
      await utils.workspace.listMine.invalidate();
      router.push(`/w/${r.slug}`);
    },
  });
  return (
    <div className="stack">
      <p>You have been invited to a workspace. You will join it as {email}.</p>
      <FormError error={toShownError(accept.error)} />
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
