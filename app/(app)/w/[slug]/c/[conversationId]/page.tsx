'use client';
import { useParams } from 'next/navigation';
import { Suspense } from 'react';
import { Loading } from '@/components/ui/field';
import { ChatPage } from '@/components/workspace/ChatPage';

export default function ConversationPage() {
  const { conversationId } = useParams<{ conversationId: string }>();
  return (
    <Suspense fallback={<Loading what="the conversation" />}>
      <ChatPage conversationId={conversationId} />
    </Suspense>
  );
}
