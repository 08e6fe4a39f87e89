'use client';
import { useRef, useState } from 'react';
import { toShownError } from '@/components/client/errors';
import { trpc } from '@/components/client/trpc';
import { Table } from '@/components/ui/table';
import { useAdmin } from '../admin-context';
import { ConfirmButton } from '../ConfirmButton';
import { showTime } from '../dates';
import { FormProblem } from '../FormProblem';
import { QueryState } from '../QueryState';
import { PlaceHoldForm } from './PlaceHoldForm';
import { coversLabel, type Hold } from './rules';

/** Legal holds: what they keep from the sweep, releasing them (after a question), placing one. */
export function HoldsPart() {
  const { ws } = useAdmin();
  const utils = trpc.useUtils();
  const [released, setReleased] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const holds = trpc.compliance.holds.useQuery({ workspaceId: ws.id, released });
  const release = trpc.compliance.releaseHold.useMutation({
    onSuccess: (h) => {
      setNote(`The hold on ${h.covers} is released.`);
      // Its row goes (or its button does): focus goes to the part's heading rather than to nowhere.
      heading.current?.focus();
      return Promise.all([utils.compliance.holds.invalidate(), utils.audit.invalidate()]);
    },
  });
  const pendingId = release.isPending ? release.variables.holdId : null;
  return (
    <section aria-labelledby="retention-holds-h" className="retention-part">
      <h2 id="retention-holds-h" ref={heading} tabIndex={-1}>
        Legal holds
      </h2>
      <p className="muted">
        A hold keeps what it covers: the sweep leaves those messages alone, whatever the rules say, until the
        hold is released. Place one when messages may be needed as evidence.
      </p>
      <label className="check">
        <input
          type="checkbox"
          checked={released}
          onChange={(e) => {
            setNote(null);
            setReleased(e.target.checked);
          }}
        />
        <span>Show released holds</span>
      </label>
      <p role="status" className="ok">
        {note}
      </p>
      <FormProblem error={toShownError(release.error)} />
      <QueryState query={holds} what="legal holds" empty="No legal holds.">
        {(list) => (
          <Table
            label="Legal holds"
            columns={['Covers', 'Reason', 'Placed', released && 'Released', 'Actions']}
          >
            {list.map((h) => (
              <HoldRow
                key={h.id}
                h={h}
                showReleased={released}
                pending={pendingId !== null}
                onRelease={() => {
                  setNote(null);
                  release.mutate({ workspaceId: ws.id, holdId: h.id });
                }}
              />
            ))}
          </Table>
        )}
      </QueryState>
      <PlaceHoldForm onPlaced={() => setNote(null)} />
    </section>
  );
}

function HoldRow({
  h,
  showReleased,
  pending,
  onRelease,
}: {
  h: Hold;
  showReleased: boolean;
  pending: boolean;
  onRelease: () => void;
}) {
  return (
    <tr>
      <th scope="row">
        {coversLabel(h.covers)}
        {h.releasedAt ? <span className="admin-badge">released</span> : null}
      </th>
      <td className="retention-reason">{h.reason}</td>
      <td>
        {h.placedBy.name}, <time dateTime={h.placedAt}>{showTime(h.placedAt)}</time>
      </td>
      {showReleased ? (
        <td>
          {h.releasedAt ? (
            <>
              {h.releasedBy?.name ?? 'Someone'}, <time dateTime={h.releasedAt}>{showTime(h.releasedAt)}</time>
            </>
          ) : (
            <span className="muted">In force</span>
          )}
        </td>
      ) : null}
      <td>
        {h.releasedAt ? null : (
          <ConfirmButton
            label="Release"
            question={`Release the hold on ${h.covers}? The rules apply to it again from the next sweep.`}
            confirmLabel="Yes, release it"
            className="secondary"
            pending={pending}
            onConfirm={onRelease}
          />
        )}
      </td>
    </tr>
  );
}
