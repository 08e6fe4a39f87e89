'use client';
import { useState, type ReactNode } from 'react';
import { useChat } from './ChatProvider';
import { CommentLayer, type Region } from './CommentLayer';
import { CommentPanel } from './CommentPanel';
import type { ChatFile } from './types';
import { useFileComments } from './use-file-comments';

/**
 * Comments for a viewer (the picture lightbox, the PDF viewer): `stage` wraps what shows the page
 * with its pins, `panel` is the list beside it. Off in the widget, and for a file not yet sent.
 */
export function useCommentUi(file: ChatFile, page: number) {
  const { workspaceId, forVisitor } = useChat();
  const enabled = !forVisitor && file.messageId !== null;
  const { query, threads } = useFileComments(workspaceId, file.id, enabled);
  const [placing, setPlacing] = useState(false);
  const [pending, setPending] = useState<Region | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [showResolved, setShowResolved] = useState(false);
  const onPage = threads.filter((t) => t.first.page === page);
  const stage = (children: ReactNode) =>
    enabled ? (
      <CommentLayer
        threads={onPage.filter((t) => showResolved || !t.first.resolvedAt)}
        placing={placing}
        pending={pending}
        selected={selected}
        onPlace={(r) => {
          setPending(r);
          setPlacing(false);
          document.getElementById(`new-comment-${file.id}`)?.focus();
        }}
        onSelect={setSelected}
      >
        {children}
      </CommentLayer>
    ) : (
      children
    );
  const panel = enabled ? (
    <CommentPanel
      fileId={file.id}
      page={page}
      threads={onPage}
      loading={query.isPending}
      error={query.error}
      pending={pending}
      placing={placing}
      selected={selected}
      onPlacing={setPlacing}
      onClearPending={() => setPending(null)}
      onSelect={setSelected}
      showResolved={showResolved}
      onShowResolved={setShowResolved}
    />
  ) : null;
  return { enabled, stage, panel };
}
