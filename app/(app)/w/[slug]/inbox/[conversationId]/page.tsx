'use client';
import { useParams } from 'next/navigation';
import { Suspense } from 'react';
import { InboxPage } from '@/components/inbox/InboxPage';
import { Loading } from '@/components/ui/field';

export default function InboxConversationPage() {
  const { conversationId } = useParams<{ conversationId: string }>();
  return (
    <Suspense fallback={<Loading what="the inbox" />}>
      <InboxPage conversationId={conversationId} />
    </Suspense>
  );
}
