import type { Caller } from './factories';

/** A person's preferences set in a workspace, and one conversation muted for a day (for RLS and drift tests). */
export async function seedNotificationPrefs(api: Caller, workspaceId: string, conversationId: string) {
  await api.notification.updatePreferences({
    workspaceId,
    email: 'hourly',
    quietHours: { start: 22 * 60, end: 7 * 60 },
    timeZone: 'Europe/Berlin',
  });
  await api.notification.setConversationPreference({
    workspaceId,
    conversationId,
    level: 'all',
    mutedUntil: new Date(Date.now() + 86_400_000).toISOString(),
  });
}
