'use client';
import type { ReactNode } from 'react';
import { toShownError } from '../client/errors';
import { trpc, type RouterOutputs } from '../client/trpc';
import type { Appearance } from './frame-bridge';
import { WidgetHeader } from './WidgetHeader';
import { Connecting } from './WidgetStatus';

type Privacy = RouterOutputs['widget']['config']['privacy'];

/** The host's notice: its words, and a link to the full text that opens outside the frame. */
function NoticeText({ privacy }: { privacy: Privacy }) {
  return (
    <>
      {privacy.noticeText ? <span>{privacy.noticeText}</span> : null}
      {privacy.noticeUrl ? (
        <>
          {privacy.noticeText ? ' ' : null}
          <a href={privacy.noticeUrl} target="_blank" rel="noopener noreferrer">
            Read the privacy notice
          </a>
        </>
      ) : null}
    </>
  );
}

/**
 * Before the chat, where the workspace requires it: the host's privacy notice and "I agree"
 * (recorded by the server, which refuses chatting until then). Where the notice is only shown, it
 * is a line below the chat. The server decides what counts; this only asks.
 */
export function ConsentGate({
  workspaceId,
  privacy,
  appearance,
  onClose,
  children,
}: {
  workspaceId: string;
  privacy: Privacy;
  appearance: Appearance;
  onClose: () => void;
  children: ReactNode;
}) {
  const utils = trpc.useUtils();
  const me = trpc.widget.me.useQuery({ workspaceId }, { enabled: privacy.requireConsent });
  const agree = trpc.widget.consent.useMutation({
    onSuccess: () => utils.widget.me.invalidate({ workspaceId }),
  });
  const shown = privacy.noticeText !== '' || privacy.noticeUrl !== null;
  if (!privacy.requireConsent)
    return shown ? (
      <div className="widget-with-notice">
        {children}
        <p className="widget-privacy">
          <NoticeText privacy={privacy} />
        </p>
      </div>
    ) : (
      children
    );
  if (me.isPending) return <Connecting />;
  if (me.data?.consent.current) return children;
  const error = toShownError(agree.error ?? me.error);
  return (
    <div className="widget">
      <WidgetHeader appearance={appearance} onClose={onClose} />
      <section className="widget-consent" aria-labelledby="widget-consent-h">
        <h2 id="widget-consent-h">Before you chat</h2>
        <p>
          <NoticeText privacy={privacy} />
        </p>
        {me.data?.consent.at ? (
          <p className="widget-detail">The notice has changed since you last agreed to it.</p>
        ) : null}
        {error ? (
          <p className="widget-error" role="alert">
            {error.message}
          </p>
        ) : null}
        <button
          type="button"
          disabled={agree.isPending}
          onClick={() => agree.mutate({ workspaceId, notice: privacy.notice })}
        >
          I agree
        </button>
      </section>
    </div>
  );
}
