'use client';
import Link from 'next/link';
import { useEffect } from 'react';
import { downloadable, FILE_STATUS_WORDS, formatBytes } from '@/shared/files';
import { unnamed } from '@/shared/erasure';
import { toShownError } from '@/components/client/errors';
import { trpc, type RouterOutputs } from '@/components/client/trpc';
import { useChat } from '@/components/chat/ChatProvider';
import { FileDownload } from '@/components/chat/FileDownload';
import { ReplaceStatus, useReplace, useReplacePicker } from '@/components/chat/FileTools';
import { shareAllows, shareUntil } from '@/components/chat/file-share-words';
import { fetchable, versionNote } from '@/components/chat/message-files';
import { ShareForm } from '@/components/chat/ShareDialog';
import { useFileUrl } from '@/components/chat/use-file-url';
import { VersionList } from '@/components/chat/VersionHistory';
import { FormError, Loading } from '@/components/ui/field';
import '@/components/chat/file-share.css';
import { chatHref, useWorkspace } from './workspace-context';

type FileDetail = RouterOutputs['attachment']['get'];

/**
 * One file on its own page (`/w/<slug>/files/<id>`): what it is, its preview, its download, its
 * versions, and for its uploader and admins its shares. Whoever may see it reaches it: the
 * conversation's readers, and a share's holder who is not in the conversation (the link of a
 * "shared a file with you" notification). Anyone else, an ended share included, finds nothing.
 */
export function FilePage({ fileId }: { fileId: string }) {
  const { ws } = useWorkspace();
  const { engine } = useChat();
  const q = trpc.attachment.get.useQuery({ workspaceId: ws.id, fileId }, { retry: false });
  const utils = trpc.useUtils();
  // A scan's verdict, a thumbnail or a new version: read the file (and its versions) again.
  useEffect(
    () =>
      engine.files.onFile((f) => {
        if (f.id !== fileId) return;
        void utils.attachment.get.invalidate({ workspaceId: ws.id, fileId });
        void utils.attachment.versions.invalidate({ workspaceId: ws.id, fileId });
      }),
    [engine, utils, ws.id, fileId],
  );
  if (q.isPending)
    return (
      <div className="pane file-page">
        <Loading what="the file" />
      </div>
    );
  if (q.error) {
    const missing = q.error.data?.code === 'NOT_FOUND';
    return (
      <div className="pane file-page">
        <h2>File</h2>
        {missing ? (
          <p>This file does not exist, or it is not shared with you (any more).</p>
        ) : (
          <FormError error={toShownError(q.error)} />
        )}
        <p>
          <Link href={`/w/${ws.slug}/notifications`}>Back to your notifications</Link>
        </p>
      </div>
    );
  }
  return <FileDetails file={q.data} />;
}

function FileDetails({ file }: { file: FileDetail }) {
  const { ws } = useWorkspace();
  const { userId, nameOf } = useChat();
  const replace = useReplace(file);
  const picker = useReplacePicker(replace);
  const { access } = file;
  const preview = file.thumbnail && downloadable(file.status);
  const name = (id: string | null) => (id ? (nameOf(id) ?? unnamed(id)) : 'someone');
  return (
    <article className="pane file-page" aria-labelledby="file-title">
      <h2 id="file-title">{file.name}</h2>
      <div className="file-page-head">
        {preview ? <Preview file={file} /> : null}
        <div className="stack">
          <p>
            <span className="file-version">v{file.version}</span> · {formatBytes(file.size)} ·{' '}
            {FILE_STATUS_WORDS[file.status]} · uploaded by {name(file.uploaderId)}
          </p>
          {versionNote(file, userId)?.includes(':') ? (
            <p className="muted">{versionNote(file, userId)}</p>
          ) : null}
          {access.share ? (
            <p>
              Shared with you by <strong>{name(access.share.createdBy)}</strong>{' '}
              {shareUntil(access.share.expiresAt)}. You may: {shareAllows(access).toLowerCase()}.
            </p>
          ) : null}
          {access.via === 'conversation' && file.messageId ? (
            <p>
              <Link href={chatHref(ws.slug, file.conversationId, file.messageId)}>
                Open it in its conversation
              </Link>
            </p>
          ) : null}
          <div className="row">
            {access.download && fetchable(file, userId) ? (
              <FileDownload file={file} />
            ) : !access.download ? (
              <p className="muted">You may view this file, not download it.</p>
            ) : (
              <p className="muted">Not available to download: {FILE_STATUS_WORDS[file.status]}</p>
            )}
            {access.replace ? (
              <button
                type="button"
                className="secondary"
                disabled={replace.r.state === 'uploading'}
                onClick={picker.pick}
              >
                Replace…
              </button>
            ) : null}
          </div>
          {picker.element}
          <ReplaceStatus replace={replace} />
        </div>
      </div>
      <section aria-labelledby="file-versions">
        <h3 id="file-versions">Versions</h3>
        <VersionList fileId={file.id} />
      </section>
      {access.manage ? (
        <section aria-labelledby="file-sharing">
          <h3 id="file-sharing">Sharing</h3>
          <ShareForm file={file} />
        </section>
      ) : null}
    </article>
  );
}

function Preview({ file }: { file: FileDetail }) {
  const thumb = useFileUrl(file, 'thumbnail');
  return (
    <figure className="file-page-preview">
      {thumb.url ? (
        <img src={thumb.url} alt={`Preview of ${file.name}`} />
      ) : thumb.error ? (
        <figcaption className="muted">No preview: {thumb.error}</figcaption>
      ) : (
        <figcaption className="muted">Loading the preview…</figcaption>
      )}
    </figure>
  );
}
