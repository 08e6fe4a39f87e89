import { z } from 'zod';
import { ConversationKind, MemberRole } from './generated/enums';

// What the gate's SQL functions return (prisma/functions/app_*.sql), parsed rather than cast: a
// column renamed or retyped on one side fails at the first call instead of passing undefined on.

/** app_conversation_access: one conversation as the caller may know it. */
export const conversationRow = z.object({
  id: z.string(),
  kind: z.enum(ConversationKind),
  name: z.string().nullable(),
  is_private: z.boolean(),
  archived: z.boolean(),
  member: z.boolean(),
  member_count: z.number().int(),
});
export type ConversationRow = z.infer<typeof conversationRow>;
export const conversationRows = z.array(conversationRow);

/** app_enter_as_member: the caller's membership and the workspace's archived mark (no row: none). */
const memberRow = z.object({ role: z.enum(MemberRole), archived_at: z.date().nullable() });
export const memberRows = z.array(memberRow).max(1);

/** app_enter_conversation: the same, plus the named conversation's access row (null: hidden). */
export const memberConversationRows = z
  .array(memberRow.extend({ conversation: conversationRow.nullable() }))
  .max(1);

export type Membership = z.infer<typeof memberRow> & {
  /** Only when the gate named a conversation: its access row, null if absent or hidden by RLS. */
  conversation?: ConversationRow | null;
};
