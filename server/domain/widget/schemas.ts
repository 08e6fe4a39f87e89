import { z } from 'zod';
import { text } from '../../lib/text';
import { subjectRef } from '../channel/schemas';
import { pageUrl } from '../inbox/schemas';
import { originSchema, widgetSettingsPatch, widgetSettingsSchema } from '../workspace/settings';

/** A workspace as the host's script tag names it: its slug (or its id). */
export const workspaceHandle = text()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9-]+$/i, 'A workspace slug or id');

export const widgetConfigInput = z.object({ workspace: workspaceHandle });
export const widgetConfigOutput = z.object({
  workspaceId: z.uuid(),
  name: z.string(),
  anonymous: z.boolean(),
  allowedOrigins: z.array(z.string()),
  appearance: widgetSettingsSchema.shape.appearance,
  /** The host's privacy notice; `notice` names this version of it (what a consent is given to). */
  privacy: z.object({
    noticeText: z.string(),
    noticeUrl: z.string().nullable(),
    requireConsent: z.boolean(),
    notice: z.string(),
  }),
});

export const widgetConsentInput = z.object({ notice: text().min(1).max(64) });
export const widgetConsentOutput = z.object({
  /** Whether the workspace requires consent before chatting. */
  required: z.boolean(),
  /** When the visitor last agreed, and whether to the notice now in force. */
  at: z.iso.datetime().nullable(),
  current: z.boolean(),
});

export const widgetSessionInput = z.object({
  workspace: workspaceHandle,
  /** The page that embeds the widget, as the widget frame saw it (postMessage origin). */
  hostOrigin: originSchema,
  /** The host-signed identity; null asks for an anonymous visitor. */
  token: text().max(8192).nullable(),
});
const visitorOutput = z.object({ userId: z.string(), name: z.string(), anonymous: z.boolean() });
export const widgetSessionOutput = z.object({
  token: z.string(),
  expiresAt: z.iso.datetime(),
  workspaceId: z.uuid(),
  visitor: visitorOutput,
});
export const widgetMeOutput = visitorOutput.extend({
  subjects: z.array(subjectRef),
  consent: widgetConsentOutput,
});

export const widgetOpenInput = z.object({
  /** Omitted: the visitor's own conversation with the workspace. */
  subject: subjectRef.optional(),
  title: text().trim().min(1).max(120).optional(),
  /** The host page the visitor is on (the team sees it in the inbox). */
  pageUrl: pageUrl.optional(),
});

export const widgetPeopleOutput = z.array(
  z.object({ userId: z.string(), name: z.string(), avatarColour: z.string().nullable() }),
);

export const widgetAdminOutput = widgetSettingsSchema.extend({
  /** When the identity secret was last set; null before the first rotation. */
  secretRotatedAt: z.iso.datetime().nullable(),
});
export const widgetUpdateInput = widgetSettingsPatch;
export const widgetSecretOutput = z.object({ secret: z.string(), rotatedAt: z.iso.datetime() });

/**
 * The team as visitors see it (first names, initials, the avatar colour they chose, online): nothing
 * that identifies anyone (a colour is one of a dozen names).
 */
export const widgetTeamOutput = z.object({
  online: z.boolean(),
  members: z.array(
    z.object({
      firstName: z.string(),
      initials: z.string(),
      avatarColour: z.string().nullable(),
      online: z.boolean(),
    }),
  ),
});

/** An address the visitor leaves for the team to answer by mail. */
export const widgetEmailInput = z.object({
  email: text()
    .trim()
    .max(254, 'An email address is at most 254 characters')
    .pipe(z.email('An email address like name@example.com')),
});
