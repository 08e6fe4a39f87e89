'use client';
import { useState } from 'react';
import { trpc } from '@/components/client/trpc';
import { useAdmin } from '../admin-context';
import { AuditRetentionPart } from './AuditRetentionPart';
import { ChannelRulesPart } from './ChannelRulesPart';
import { HoldsPart } from './HoldsPart';
import { MessagesPart } from './MessagesPart';
import { pollEvery, type Asked } from './rules';
import { SweepsPart } from './SweepsPart';
import './retention.css';

/**
 * The console's Retention page: how long messages are kept (the workspace's rule and channels' own),
 * legal holds that keep what they cover whatever the rules say, the sweep that deletes the rest, and
 * how long the audit log keeps its entries.
 */
export function RetentionSection() {
  const { ws } = useAdmin();
  // The sweep asked for from this page: polled for quickly until its run shows up.
  const [asked, setAsked] = useState<Asked | null>(null);
  // One query for the parts that show it, so the page polls once (quickly while a sweep runs).
  const retention = trpc.compliance.retention.useQuery(
    { workspaceId: ws.id },
    { refetchInterval: (q) => pollEvery(q.state.data, asked, Date.now()) },
  );
  // A failed poll keeps what the parts show: only a first load shows the error in them.
  const kept = { ...retention, error: retention.data ? null : retention.error };
  return (
    <>
      <p className="muted retention-about">
        What this workspace keeps, and for how long. Deleted messages are gone for good: there is no undo.
      </p>
      <MessagesPart query={kept} />
      <ChannelRulesPart query={kept} />
      <HoldsPart />
      <SweepsPart
        query={kept}
        pollError={retention.data ? retention.error : null}
        asked={asked}
        onAsked={setAsked}
      />
      <AuditRetentionPart query={kept} />
    </>
  );
}
