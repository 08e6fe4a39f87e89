import type { ServiceCtx } from '../scope';
import { announce } from './triage';

/** The page URL if it is on the host the widget session was started from; the team clicks it. */
function onHost(pageUrl: string | undefined, hostOrigin: string | undefined): string | null {
  if (!pageUrl || !hostOrigin) return null;
  try {
    return new URL(pageUrl).origin === hostOrigin ? pageUrl : null;
  } catch {
    return null;
  }
}

/**
 * A visitor opened a conversation from the widget: it is in the support inbox from now on (open and
 * unassigned the first time), and the page they opened it from is remembered for the team. A page
 * on another origin than the session's host is dropped, so no visitor can plant a link to a site
 * of their choosing in the team's inbox.
 */
export async function trackVisitorOpen(
  ctx: ServiceCtx,
  input: { conversationId: string; visitorId: string; sessionId: string; pageUrl: string | undefined },
) {
  const ws = ctx.scope.workspaceId;
  const session = input.pageUrl
    ? await ctx.tx.widgetSession.findUnique({ where: { id: input.sessionId }, select: { hostOrigin: true } })
    : null;
  const page = onHost(input.pageUrl, session?.hostOrigin);
  const [row] = await ctx.tx.$queryRaw<{ inserted: boolean }[]>`
    INSERT INTO support_conversation (workspace_id, conversation_id, visitor_id, page_url)
    VALUES (${ws}::uuid, ${input.conversationId}::uuid, ${input.visitorId}, ${page})
    ON CONFLICT (workspace_id, conversation_id) DO UPDATE
      SET page_url = coalesce(EXCLUDED.page_url, support_conversation.page_url)
    RETURNING (xmax = 0) AS inserted`;
  if (row?.inserted) announce(ctx, input.conversationId, 'opened');
}
