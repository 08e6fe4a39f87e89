import { z } from 'zod';
import { listNotifications, markNotificationsRead } from '../../domain/notification/service';
import {
  markNotificationsInput,
  notificationOutput,
  notificationsInput,
} from '../../domain/notification/schemas';
import { router } from '../init';
import { workspaceProcedure } from '../procedures';

const tags = ['notification'];
const path = '/workspaces/{workspaceId}/notifications';

export const notificationRouter = router({
  list: workspaceProcedure({ role: 'guest' })
    .meta({ openapi: { method: 'GET', path, tags, protect: true } })
    .input(notificationsInput)
    .output(z.array(notificationOutput))
    .query(({ ctx, input }) => listNotifications(ctx, input)),

  markRead: workspaceProcedure({ role: 'guest' })
    .meta({ openapi: { method: 'POST', path: `${path}/read`, tags, protect: true } })
    .input(markNotificationsInput)
    .output(z.object({ updated: z.number().int() }))
    .mutation(({ ctx, input }) => markNotificationsRead(ctx, input)),
});
