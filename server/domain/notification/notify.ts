import type { Tx } from '../../db/client';
import type { NotificationKind } from '../../../shared/moderation';
import type { DomainEvent } from '../events';

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  conversationId: string;
  messageId: string | null;
  /** The conversation position it is about (reading past it reads the notification). */
  seq: bigint;
  actorId: string | null;
  detail?: string | null;
}

/**
 * Stores one notification for one person, made outside the send statement (being added to a
 * conversation, a file shared), and returns the event that tells them live, for the caller to
 * publish after commit. Escalation (push, email) picks the row up like any other.
 */
export async function notify(tx: Tx, workspaceId: string, n: NewNotification): Promise<DomainEvent> {
  await tx.notification.create({
    data: {
      workspaceId,
      userId: n.userId,
      kind: n.kind,
      conversationId: n.conversationId,
      messageId: n.messageId,
      seq: n.seq,
      actorId: n.actorId,
      detail: n.detail ?? null,
    },
  });
  return {
    type: 'notification',
    workspaceId,
    userId: n.userId,
    kind: n.kind,
    conversationId: n.conversationId,
    messageId: n.messageId,
    seq: Number(n.seq),
  };
}
