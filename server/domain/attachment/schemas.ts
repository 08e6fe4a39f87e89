import { z } from 'zod';
import { FILE_CATEGORIES, FILE_LIMITS, FILE_STATUSES } from '../../../shared/files';
import { uuidInput } from '../../lib/text';

export const fileId = uuidInput();

/** A file as clients see it: its current version, the name decrypted, never a storage key. */
export const fileOutput = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  messageId: z.uuid().nullable(),
  uploaderId: z.string().nullable(),
  version: z.number().int(),
  name: z.string(),
  size: z.number().int(),
  /** Sniffed from the content when it was uploaded. */
  mime: z.string(),
  kind: z.enum(['image', 'pdf', 'file']),
  status: z.enum(FILE_STATUSES),
  /** Whether a thumbnail can be fetched (images, once scanned). */
  thumbnail: z.boolean(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  createdAt: z.iso.datetime(),
});
export type FileOutput = z.infer<typeof fileOutput>;

/** The files one message carries (ids of the sender's own uploads to that conversation). */
export const fileIdsInput = z
  .array(fileId)
  .max(FILE_LIMITS.filesPerMessage, `At most ${FILE_LIMITS.filesPerMessage} files per message`)
  .refine((ids) => new Set(ids).size === ids.length, 'The same file twice');

export const fileRef = z.object({ fileId });
export const conversationFilesInput = z.object({
  conversationId: uuidInput(),
  cursor: z.iso.datetime().optional(),
  limit: z.number().int().min(1).max(100).default(50),
});
export const fileListOutput = z.object({ files: z.array(fileOutput), nextCursor: z.string().nullable() });

export const fileSettingsOutput = z.object({
  maxMb: z.number().int(),
  /** The deployment's cap (FILE_MAX_MB): no workspace allows more. */
  deploymentMaxMb: z.number().int(),
  categories: z.array(z.enum(FILE_CATEGORIES)),
  unscannable: z.enum(['allow', 'block']),
  /** Whether this deployment scans files at all (ClamAV reachable). */
  scanning: z.boolean(),
});
export const fileSettingsPatch = z
  .object({
    maxMb: z.number().int().min(FILE_LIMITS.maxMbMin).max(100_000),
    categories: z
      .array(z.enum(FILE_CATEGORIES))
      .min(1, 'Allow at least one kind of file')
      .refine((c) => new Set(c).size === c.length, 'Each kind once'),
    unscannable: z.enum(['allow', 'block']),
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'Nothing to change');

export const uploadLimitsOutput = z.object({
  maxBytes: z.number().int(),
  categories: z.array(z.enum(FILE_CATEGORIES)),
});
