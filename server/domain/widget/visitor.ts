import type { z } from 'zod';
import { VISITOR_SUBJECT } from '../../../shared/record-links';
import { forbidden } from '../../lib/errors';
import { getOrCreateBySubject, listJoinedSubjects } from '../channel/subject';
import { trackVisitorOpen } from '../inbox/track';
import type { ServiceCtx } from '../scope';
import type { widgetMeOutput, widgetOpenInput, widgetPeopleOutput } from './schemas';
import { consentOf, consentRefusal, withoutConsent } from './consent';

/** The visitor behind a gated widget call; members and keys are refused (they have the app). */
function visitorOf(ctx: ServiceCtx) {
  const a = ctx.scope.actor;
  if (a.kind !== 'visitor') throw forbidden('Only widget visitors use this; open conversations in the app');
  return a;
}

/** The conversation every visitor has with the workspace, when the host names no record. */
export const ownSubject = (userId: string) => ({ type: VISITOR_SUBJECT, id: userId });

export async function me(ctx: ServiceCtx): Promise<z.infer<typeof widgetMeOutput>> {
  const v = visitorOf(ctx);
  const row = await ctx.tx.widgetVisitor.findUniqueOrThrow({
    where: { workspaceId_userId: { workspaceId: ctx.scope.workspaceId, userId: v.userId } },
    select: { externalId: true },
  });
  const { privacy } = (await ctx.deps.settings.read(ctx.tx, ctx.scope.workspaceId)).widget;
  return {
    userId: v.userId,
    name: v.name,
    anonymous: row.externalId.startsWith('a:'),
    subjects: v.subjects,
    consent: await consentOf(ctx.tx, ctx.scope.workspaceId, v.userId, privacy),
  };
}

/**
 * Opens (creating on first use) the conversation about a record the host's signed identity lists,
 * or the visitor's own conversation. The visitor joins it; staff see it as a record conversation.
 */
export async function open(ctx: ServiceCtx, input: z.infer<typeof widgetOpenInput>) {
  const v = visitorOf(ctx);
  const subject = input.subject ?? ownSubject(v.userId);
  if (input.subject && !v.subjects.some((s) => s.type === subject.type && s.id === subject.id))
    throw forbidden('This record is not open to you: the host site did not list it in your identity');
  const { privacy } = (await ctx.deps.settings.read(ctx.tx, ctx.scope.workspaceId)).widget;
  if ((await withoutConsent(ctx.tx, ctx.scope.workspaceId, privacy, [v.userId])).size > 0)
    throw consentRefusal();
  const title = input.title ?? (input.subject ? undefined : `Chat with ${v.name}`);
  const conv = await getOrCreateBySubject(ctx, { subject, ...(title ? { title } : {}) });
  await trackVisitorOpen(ctx, {
    conversationId: conv.id,
    visitorId: v.userId,
    sessionId: v.sessionId,
    pageUrl: input.pageUrl,
  });
  return conv;
}

export async function conversations(ctx: ServiceCtx) {
  visitorOf(ctx);
  return listJoinedSubjects(ctx);
}

/** Names of the people in the visitor's conversations (authors and mentions), nobody else. */
export async function people(ctx: ServiceCtx): Promise<z.infer<typeof widgetPeopleOutput>> {
  const v = visitorOf(ctx);
  return ctx.tx.$queryRaw<{ userId: string; name: string; avatarColour: string | null }[]>`
    SELECT DISTINCT u.id AS "userId", u.name, u.avatar_colour AS "avatarColour" FROM conversation_member mine
    JOIN conversation_member cm ON cm.workspace_id = mine.workspace_id AND cm.conversation_id = mine.conversation_id
    JOIN "user" u ON u.id = cm.user_id
    WHERE mine.workspace_id = ${ctx.scope.workspaceId}::uuid AND mine.user_id = ${v.userId}
    ORDER BY u.name`;
}
