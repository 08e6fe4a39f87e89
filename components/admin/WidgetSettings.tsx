'use client';
import { useSyncExternalStore } from 'react';
import { trpc } from '@/components/client/trpc';
import { useAdmin } from './admin-context';
import { CopyField } from './CopyField';
import { QueryState } from './QueryState';
import { WidgetForm } from './WidgetForm';
import { WidgetPrivacy } from './WidgetPrivacy';
import { WidgetSecret } from './WidgetSecret';

/** The embeddable widget (docs/widget.md): its settings, identity secret and embed code. */
export function WidgetSettings() {
  const { ws } = useAdmin();
  const settings = trpc.widget.settings.useQuery({ workspaceId: ws.id });
  return (
    <section aria-labelledby="widget-h">
      <h2 id="widget-h">Widget</h2>
      <p className="muted">
        Puts this workspace’s chat on pages of your own application: visitors chat with you as guests who see
        only their own conversations.
      </p>
      <QueryState query={settings} what="widget settings" empty={null} isEmpty={() => false}>
        {(s) => (
          <>
            <WidgetForm settings={s} />
            <WidgetPrivacy privacy={s.privacy} />
            <WidgetSecret rotatedAt={s.secretRotatedAt} />
            <EmbedCode enabled={s.enabled} anonymous={s.anonymous} />
          </>
        )}
      </QueryState>
    </section>
  );
}

// The page's own origin: read in the browser only (the server render has no window).
const noSubscription = () => () => {};
const browserOrigin = () => window.location.origin;
const serverOrigin = () => '';

function EmbedCode({ enabled, anonymous }: { enabled: boolean; anonymous: boolean }) {
  const { ws } = useAdmin();
  const origin = useSyncExternalStore(noSubscription, browserOrigin, serverOrigin);
  const code = `<script src="${origin}/embed.js" data-workspace="${ws.slug}" data-token="SIGNED_TOKEN" async></script>`;
  return (
    <div className="stack admin-widget-part">
      <h3>Embed code</h3>
      <CopyField label="Embed code" value={code} />
      <p className="muted">
        Replace <code>SIGNED_TOKEN</code> with a token your server signs with the identity secret for the
        signed-in user
        {anonymous ? ', or leave data-token out for anonymous visitors' : ''}. How to sign tokens: see
        docs/widget.md in the Enclave repository.
      </p>
      {enabled ? null : <p>The widget is off: the embed code shows nothing until you enable it above.</p>}
    </div>
  );
}
