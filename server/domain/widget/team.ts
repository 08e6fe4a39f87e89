import type { z } from 'zod';
import { forbidden } from '../../lib/errors';
import { restrictionsOf } from '../lockdown/read';
import type { ServiceCtx } from '../scope';
import { avatarColourNameOf, initials } from '../../../shared/avatar-colours';
import { audit } from '../audit/append';
import type { widgetEmailInput, widgetTeamOutput } from './schemas';

/** How many faces the widget header shows. */
const SHOWN = 3;
/** Staff looked at for "is anyone online": the most recently seen, which is where the online are. */
const CANDIDATES = 200;

const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? '';
/**
 * The team as a widget visitor sees it: up to three staff (owners, admins, moderators, members;
 * never guests, which visitors are) with first name, initials and whether they are online, online
 * ones first. Nothing else about them leaves the server: no ids, full names or statuses.
 */
export async function team(ctx: ServiceCtx): Promise<z.infer<typeof widgetTeamOutput>> {
  if (ctx.scope.actor.kind !== 'visitor') throw forbidden('Only widget visitors use this');
  const staff = await ctx.tx.member.findMany({
    where: { workspaceId: ctx.scope.workspaceId, role: { not: 'guest' } },
    select: { userId: true, lastSeenAt: true, user: { select: { name: true, avatarColour: true } } },
    orderBy: [{ lastSeenAt: { sort: 'desc', nulls: 'last' } }, { createdAt: 'asc' }],
    take: CANDIDATES,
  });
  const [presence, restrictions] = await Promise.all([
    ctx.deps.presence.of(staff.map((s) => s.userId)),
    restrictionsOf(ctx.deps, ctx.tx, ctx.scope.workspaceId),
  ]);
  // Someone in quarantine is not there for visitors either.
  const held = new Set(restrictions.quarantines.map((q) => q.userId));
  const people = staff
    .filter((s) => !held.has(s.userId))
    .map((s) => ({
      firstName: firstName(s.user.name),
      initials: initials(s.user.name),
      // The colour of their messages: chosen, or from the id, which stays on the server.
      avatarColour: avatarColourNameOf(s.userId, s.user.avatarColour),
      online: presence.get(s.userId)?.status === 'online',
    }));
  // Stable sort: online first, each group still most recently seen first.
  people.sort((a, b) => Number(b.online) - Number(a.online));
  return { online: people.some((p) => p.online), members: people.slice(0, SHOWN) };
}

/**
 * The address a visitor leaves while the team is away, kept on the visitor's record (the inbox's
 * visitor panel shows it). Audited without the address itself: the log is not a contact list.
 */
export async function leaveEmail(
  ctx: ServiceCtx,
  input: z.infer<typeof widgetEmailInput>,
): Promise<z.infer<typeof widgetEmailInput>> {
  const a = ctx.scope.actor;
  if (a.kind !== 'visitor') throw forbidden('Only widget visitors use this');
  await ctx.tx.widgetVisitor.update({
    where: { workspaceId_userId: { workspaceId: ctx.scope.workspaceId, userId: a.userId } },
    data: { email: input.email },
  });
  await audit(ctx, 'widget.visitor_email_left', { type: 'user', id: a.userId });
  return { email: input.email };
}
