'use client';
import { Suspense } from 'react';
import { InboxPage } from '@/components/inbox/InboxPage';
import { Loading } from '@/components/ui/field';

export default function WorkspaceInboxPage() {
  return (
    <Suspense fallback={<Loading what="the inbox" />}>
      <InboxPage conversationId={null} />
    </Suspense>
  );
}
