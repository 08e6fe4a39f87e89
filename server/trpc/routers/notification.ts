import { z } from 'zod';
import { listNotifications, markNotificationsRead } from '../../domain/notification/service';
import {
  markNotificationsInput,
  notificationOutput,
  notificationsInput,
} from '../../domain/notification/schemas';
import { endpoints } from '../endpoint';
import { router } from '../init';

const api = endpoints('notification');
const path = '/workspaces/{workspaceId}/notifications';
const guest = { role: 'guest' } as const;
const updated = z.object({ updated: z.number().int() });

export const notificationRouter = router({
  list: api.get(guest, path, notificationsInput, z.array(notificationOutput), listNotifications),
  markRead: api.post(guest, `${path}/read`, markNotificationsInput, updated, markNotificationsRead),
});
