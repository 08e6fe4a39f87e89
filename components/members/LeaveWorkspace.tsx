'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toShownError } from '@/components/client/errors';
import { trpc, type Workspace } from '@/components/client/trpc';
import { FormError } from '@/components/ui/field';

/** Leaving, after a confirmation; the last owner is refused by the server (and told why). */
export function LeaveWorkspace({ ws }: { ws: Pick<Workspace, 'id' | 'name'> }) {
  const router = useRouter();
  const utils = trpc.useUtils();
  const [confirming, setConfirming] = useState(false);
  const leave = trpc.member.leave.useMutation({
    onSuccess: async () => {
      await utils.workspace.listMine.invalidate();
      router.push('/workspaces');
    },
  });
  return (
    <section aria-labelledby="leave-h">
      <h2 id="leave-h">Leave</h2>
      <FormError error={toShownError(leave.error)} />
      {confirming ? (
        <div className="row">
          <span>Leave {ws.name}? You will need a new invitation to come back.</span>
          <button
            type="button"
            className="danger"
            disabled={leave.isPending}
            onClick={() => leave.mutate({ workspaceId: ws.id })}
          >
            Yes, leave
          </button>
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          Leave workspace
        </button>
      )}
    </section>
  );
}
