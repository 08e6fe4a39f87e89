import { z } from 'zod';
import { subjectConversationOutput } from '../../domain/channel/schemas';
import { rotateWidgetSecret, updateWidget, widgetSettings } from '../../domain/widget/admin';
import {
  widgetAdminOutput,
  widgetConfigInput,
  widgetConfigOutput,
  widgetMeOutput,
  widgetOpenInput,
  widgetConsentInput,
  widgetConsentOutput,
  widgetPeopleOutput,
  widgetSecretOutput,
  widgetSessionInput,
  widgetEmailInput,
  widgetSessionOutput,
  widgetTeamOutput,
  widgetUpdateInput,
} from '../../domain/widget/schemas';
import { widgetConfig } from '../../domain/widget/config';
import { giveConsent } from '../../domain/widget/consent';
import { startSession } from '../../domain/widget/sessions';
import { leaveEmail, team } from '../../domain/widget/team';
import { conversations, me, open, people } from '../../domain/widget/visitor';
import { env } from '../../env';
import { endpoints } from '../endpoint';
import { router } from '../init';
import { publicProcedure } from '../procedures';

const api = endpoints('widget');
const tags = ['widget'];
const ws = '/workspaces/{workspaceId}/widget';
// Widget visitors only (members open record conversations through channel.getOrCreateBySubject).
const visitor = { role: 'guest', visitor: true } as const;
const admin = { role: 'admin' } as const;

export const widgetRouter = router({
  // What the widget page needs before anyone is known: appearance, and whether anonymous chat is on.
  config: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/widget/{workspace}', tags } })
    .input(widgetConfigInput)
    .output(widgetConfigOutput)
    .query(({ ctx, input }) => widgetConfig(ctx.rt.tenants, input.workspace)),

  // Host-signed identity (or none, if allowed) → a widget session for one workspace.
  session: publicProcedure
    .meta({ openapi: { method: 'POST', path: '/widget/{workspace}/sessions', tags } })
    .input(widgetSessionInput)
    .output(widgetSessionOutput)
    .mutation(({ ctx, input }) =>
      startSession(ctx.rt, input, { origin: ctx.origin, ownOrigins: env().ALLOWED_ORIGINS, meta: ctx.meta }),
    ),

  me: api.get(visitor, `${ws}/me`, null, widgetMeOutput, me),
  open: api.post(visitor, `${ws}/conversations`, widgetOpenInput, subjectConversationOutput, open),
  // The visitor agrees to the host's privacy notice (required before chatting where the workspace says so).
  consent: api.post(visitor, `${ws}/consent`, widgetConsentInput, widgetConsentOutput, giveConsent),
  conversations: api.get(
    visitor,
    `${ws}/conversations`,
    null,
    z.array(subjectConversationOutput),
    conversations,
  ),
  people: api.get(visitor, `${ws}/people`, null, widgetPeopleOutput, people),
  // Who is on the team and whether anyone is online, for the widget header.
  team: api.get(visitor, `${ws}/team`, null, widgetTeamOutput, team),
  leaveEmail: api.post(visitor, `${ws}/email`, widgetEmailInput, widgetEmailInput, leaveEmail),
  settings: api.get(admin, `${ws}/settings`, null, widgetAdminOutput, widgetSettings),
  update: api.patch(admin, `${ws}/settings`, widgetUpdateInput, widgetAdminOutput, updateWidget),
  rotateSecret: api.post(admin, `${ws}/secret`, null, widgetSecretOutput, rotateWidgetSecret),
});
