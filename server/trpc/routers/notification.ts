import { z } from 'zod';
import { listNotifications, markNotificationsRead } from '../../domain/notification/service';
import { pushDevices, pushKey, subscribePush, unsubscribePush } from '../../domain/notification/push';
import {
  markNotificationsInput,
  notificationOutput,
  notificationsInput,
} from '../../domain/notification/schemas';
import {
  pushDeviceOutput,
  pushKeyOutput,
  subscribePushInput,
  unsubscribePushInput,
} from '../../domain/notification/push-schemas';
import {
  getPrefs,
  listConversationPrefs,
  setConversationPref,
  updatePrefs,
} from '../../domain/notification/prefs';
import {
  conversationPrefInput,
  conversationPrefOutput,
  notificationPrefs,
  updatePrefsInput,
} from '../../domain/notification/schemas';
import { endpoints } from '../endpoint';
import { router } from '../init';

const api = endpoints('notification');
const path = '/workspaces/{workspaceId}/notifications';
const guest = { role: 'guest' } as const;
// A person's own browsers: bookkeeping, like read marks, so a read-only lockdown lets it through.
const devices = { role: 'guest', lockdown: 'read' } as const;
const subscriptions = '/workspaces/{workspaceId}/push-subscriptions';
const updated = z.object({ updated: z.number().int() });
const prefs = '/workspaces/{workspaceId}/notification-preferences';

export const notificationRouter = router({
  list: api.get(guest, path, notificationsInput, z.array(notificationOutput), listNotifications),
  markRead: api.post(guest, `${path}/read`, markNotificationsInput, updated, markNotificationsRead),
  preferences: api.get(guest, prefs, null, notificationPrefs, getPrefs),
  // How someone wants to be told is theirs to change in a read-only lockdown too.
  updatePreferences: api.patch(devices, prefs, updatePrefsInput, notificationPrefs, updatePrefs),
  conversationPreferences: api.get(
    guest,
    `${prefs}/conversations`,
    null,
    z.array(conversationPrefOutput),
    listConversationPrefs,
  ),
  setConversationPreference: api.put(
    devices,
    `${prefs}/conversations/{conversationId}`,
    conversationPrefInput,
    conversationPrefOutput,
    setConversationPref,
  ),
  pushKey: api.get(guest, '/workspaces/{workspaceId}/push-key', null, pushKeyOutput, pushKey),
  pushDevices: api.get(guest, subscriptions, null, z.array(pushDeviceOutput), pushDevices),
  subscribePush: api.post(devices, subscriptions, subscribePushInput, pushDeviceOutput, subscribePush),
  unsubscribePush: api.delete(
    devices,
    subscriptions,
    unsubscribePushInput,
    z.object({ removed: z.number().int() }),
    unsubscribePush,
  ),
});
