'use client';
import { Suspense } from 'react';
import { Loading } from '@/components/ui/field';
import { ChatPage } from '@/components/workspace/ChatPage';

/** The workspace's home: its default conversation (#general, else the first), at this address. */
export default function WorkspaceHome() {
  return (
    <Suspense fallback={<Loading what="the conversation" />}>
      <ChatPage conversationId={null} />
    </Suspense>
  );
}
