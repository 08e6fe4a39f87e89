import { z } from 'zod';
import { singleLine, text } from '../../lib/text';
import { roleSchema } from '../../../shared/schemas';
import { settingsPatch, settingsSchema } from './settings';

export const workspaceName = singleLine(1, 80);
export const workspaceSlug = text()
  .trim()
  .toLowerCase()
  .min(2, 'At least 2 characters')
  .max(40, 'At most 40 characters')
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'Lower-case letters, digits and inner hyphens only');

export const createWorkspaceInput = z.object({ name: workspaceName, slug: workspaceSlug.optional() });
export const updateWorkspaceInput = z.object({
  name: workspaceName.optional(),
  slug: workspaceSlug.optional(),
  settings: settingsPatch.optional(),
});
export const archiveWorkspaceInput = z.object({ archived: z.boolean() });

export const workspaceOutput = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  archivedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  role: roleSchema,
  // The security policy is for admins (admin.policy), not every member.
  settings: settingsSchema.omit({ security: true }),
});
export type WorkspaceOutput = z.infer<typeof workspaceOutput>;
