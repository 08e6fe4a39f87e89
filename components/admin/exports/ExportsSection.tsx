'use client';
import { useEffect } from 'react';
import { toShownError } from '@/components/client/errors';
import { useRealtimeState, useSocket } from '@/components/client/realtime';
import { trpc } from '@/components/client/trpc';
import { FormError } from '@/components/ui/field';
import type { ServerToClientEvents } from '@/server/realtime/types';
import { useAdmin } from '../admin-context';
import { QueryState } from '../QueryState';
import { ExportsTable } from './ExportsTable';
import { NewExportForm } from './NewExportForm';
import { pollEvery } from './words';
import './exports.css';

/**
 * The console's Exports page: an admin asks for an export of the workspace (a date range, some
 * channels or all, deleted messages or not, in the formats chosen); a job builds the ZIP, its
 * progress reaches the requester over the socket, and the requester downloads it until it expires.
 */
export function ExportsSection() {
  const { ws } = useAdmin();
  const utils = trpc.useUtils();
  // The socket says when an export moves on; polling catches up while it is down (quickly while
  // one is being built).
  const exports = trpc.compliance.exports.useQuery(
    { workspaceId: ws.id },
    { refetchInterval: (q) => pollEvery(q.state.data), staleTime: 0 },
  );
  const socket = useSocket();
  const live = useRealtimeState();
  useEffect(() => {
    if (!socket) return;
    const onProgress: ServerToClientEvents['export:progress'] = (p) => {
      if (p.workspaceId === ws.id) void utils.compliance.exports.invalidate({ workspaceId: ws.id });
    };
    socket.on('export:progress', onProgress);
    return () => {
      socket.off('export:progress', onProgress);
    };
  }, [socket, utils, ws.id]);
  // What moved on while the socket was down is read once it is back.
  useEffect(() => {
    if (live === 'connected') void utils.compliance.exports.invalidate({ workspaceId: ws.id });
  }, [live, utils, ws.id]);

  return (
    <>
      <p className="muted exports-about">
        A copy of what this workspace holds: its members, conversations and messages (decrypted), and its
        audit log, for a records request or an archive. Secrets and key material are never exported.
      </p>
      <NewExportForm />
      <section aria-labelledby="exports-list-h" className="exports-part">
        <h2 id="exports-list-h">Exports</h2>
        {/* A failed poll keeps the list on the page, with the problem above it. */}
        {exports.data && exports.error ? <FormError error={toShownError(exports.error)} /> : null}
        <QueryState
          query={{ ...exports, error: exports.data ? null : exports.error }}
          what="the exports"
          empty="No exports yet. Ask for one above; it is listed here while it is built."
        >
          {(list) => <ExportsTable list={list} />}
        </QueryState>
      </section>
    </>
  );
}
