import { z } from 'zod';
import { subjectConversationOutput } from '../../domain/channel/schemas';
import { rotateWidgetSecret, updateWidget, widgetSettings } from '../../domain/widget/admin';
import {
  widgetAdminOutput,
  widgetConfigInput,
  widgetConfigOutput,
  widgetMeOutput,
  widgetOpenInput,
  widgetPeopleOutput,
  widgetSecretOutput,
  widgetSessionInput,
  widgetSessionOutput,
  widgetUpdateInput,
} from '../../domain/widget/schemas';
import { widgetConfig } from '../../domain/widget/config';
import { startSession } from '../../domain/widget/sessions';
import { conversations, me, open, people } from '../../domain/widget/visitor';
import { env } from '../../env';
import { router } from '../init';
import { publicProcedure, workspaceAdminProcedure, workspaceProcedure } from '../procedures';

const tags = ['widget'];
const ws = '/workspaces/{workspaceId}/widget';
// Widget visitors only (members open record conversations through channel.getOrCreateBySubject).
const visitor = () => workspaceProcedure({ role: 'guest', visitor: true });

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

  me: visitor()
    .meta({ openapi: { method: 'GET', path: `${ws}/me`, tags, protect: true } })
    .output(widgetMeOutput)
    .query(({ ctx }) => me(ctx)),

  open: visitor()
    .meta({ openapi: { method: 'POST', path: `${ws}/conversations`, tags, protect: true } })
    .input(widgetOpenInput)
    .output(subjectConversationOutput)
    .mutation(({ ctx, input }) => open(ctx, input)),

  conversations: visitor()
    .meta({ openapi: { method: 'GET', path: `${ws}/conversations`, tags, protect: true } })
    .output(z.array(subjectConversationOutput))
    .query(({ ctx }) => conversations(ctx)),

  people: visitor()
    .meta({ openapi: { method: 'GET', path: `${ws}/people`, tags, protect: true } })
    .output(widgetPeopleOutput)
    .query(({ ctx }) => people(ctx)),

  settings: workspaceAdminProcedure()
    .meta({ openapi: { method: 'GET', path: `${ws}/settings`, tags, protect: true } })
    .output(widgetAdminOutput)
    .query(({ ctx }) => widgetSettings(ctx)),

  update: workspaceAdminProcedure()
    .meta({ openapi: { method: 'PATCH', path: `${ws}/settings`, tags, protect: true } })
    .input(widgetUpdateInput)
    .output(widgetAdminOutput)
    .mutation(({ ctx, input }) => updateWidget(ctx, input)),

  rotateSecret: workspaceAdminProcedure()
    .meta({ openapi: { method: 'POST', path: `${ws}/secret`, tags, protect: true } })
    .output(widgetSecretOutput)
    .mutation(({ ctx }) => rotateWidgetSecret(ctx)),
});
