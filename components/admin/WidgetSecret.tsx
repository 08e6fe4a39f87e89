'use client';
import { toShownError } from '@/components/client/errors';
import { trpc } from '@/components/client/trpc';
import { useAdmin } from './admin-context';
import { ConfirmButton } from './ConfirmButton';
import { CopyField } from './CopyField';
import { showTime } from './dates';
import { FormProblem } from './FormProblem';

/**
 * The identity secret host servers sign visitors' tokens with. Only its rotation time is ever read
 * back; a new one is shown once, right after rotating.
 */
export function WidgetSecret({ rotatedAt }: { rotatedAt: string | null }) {
  const { ws } = useAdmin();
  const utils = trpc.useUtils();
  const input = { workspaceId: ws.id };
  const rotate = trpc.widget.rotateSecret.useMutation({
    onSuccess: (data) =>
      utils.widget.settings.setData(input, (prev) =>
        prev ? { ...prev, secretRotatedAt: data.rotatedAt } : prev,
      ),
  });

  return (
    <div className="stack admin-widget-part">
      <h3>Identity secret</h3>
      <p>
        {rotatedAt ? (
          <>
            Last rotated <time dateTime={rotatedAt}>{showTime(rotatedAt)}</time>.
          </>
        ) : (
          'Never set'
        )}
      </p>
      <p className="muted">
        Host servers sign their users’ identities with it (HMAC-SHA256) before handing them to the widget.
      </p>
      <div className="row">
        <ConfirmButton
          label="Rotate secret"
          question="Rotating ends every widget session; host sites must use the new secret."
          confirmLabel="Yes, rotate secret"
          className="secondary"
          pending={rotate.isPending}
          onConfirm={() => rotate.mutate(input)}
        />
      </div>
      <FormProblem error={toShownError(rotate.error)} />
      {rotate.data ? (
        <div className="stack admin-result">
          <p role="status">New identity secret created.</p>
          <CopyField label="Identity secret" value={rotate.data.secret} />
          <p>Shown once. Store it on your server; never in the browser.</p>
          <div className="row">
            <button type="button" className="secondary" onClick={() => rotate.reset()}>
              I have stored it
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
