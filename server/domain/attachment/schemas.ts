import { z } from 'zod';
import { FILE_CATEGORIES, FILE_LIMITS, FILE_STATUSES } from '../../../shared/files';
import { opaqueId, uuidInput } from '../../lib/text';

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
  /** Whether a thumbnail can be fetched (images, and PDFs' first pages, once scanned). */
  thumbnail: z.boolean(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  createdAt: z.iso.datetime(),
  /** Who uploaded the current version: they alone may fetch it while it is being scanned. */
  versionUploaderId: z.string().nullable(),
  /**
   * The version a plain download gives everyone else: the current one once scanned clean (or let
   * through unscanned), else the newest earlier one that is; null when there is none.
   */
  servedVersion: z.number().int().nullable(),
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

/** What the caller may do with a file, and why they see it (the file page and the menus). */
export const fileAccessOutput = z.object({
  /** Their conversation, their own upload not sent yet, or a share with them. */
  via: z.enum(['conversation', 'upload', 'share']),
  download: z.boolean(),
  comment: z.boolean(),
  replace: z.boolean(),
  /** Share it and see its shares: its uploader and admins. */
  manage: z.boolean(),
  /** The share the caller holds, if any: who shared it, until when. */
  share: z.object({ id: z.uuid(), createdBy: z.string(), expiresAt: z.iso.datetime().nullable() }).nullable(),
});
export const fileDetailOutput = fileOutput.extend({ access: fileAccessOutput });

/** One version of a file, newest first in a list. */
export const fileVersionOutput = z.object({
  version: z.number().int(),
  current: z.boolean(),
  name: z.string(),
  size: z.number().int(),
  mime: z.string(),
  uploaderId: z.string().nullable(),
  status: z.enum(FILE_STATUSES),
  createdAt: z.iso.datetime(),
  /** Whether the caller may download this version now (`…/content?version=N`). */
  fetchable: z.boolean(),
});
export const fileVersionsOutput = z.object({ versions: z.array(fileVersionOutput) });

/** A share as its file's uploader and admins see it. */
export const fileShareOutput = z.object({
  id: z.uuid(),
  fileId: z.uuid(),
  userId: z.string(),
  read: z.boolean(),
  comment: z.boolean(),
  replace: z.boolean(),
  download: z.boolean(),
  expiresAt: z.iso.datetime().nullable(),
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
  /** Past its expiry (it gives nothing any more; revoke it to share again with other flags). */
  expired: z.boolean(),
});
export type FileShareOutput = z.infer<typeof fileShareOutput>;
export const fileSharesOutput = z.object({ shares: z.array(fileShareOutput) });

export const shareInput = z.object({
  fileId,
  /** The member to share with (not a widget visitor). */
  userId: opaqueId(64),
  comment: z.boolean().default(false),
  replace: z.boolean().default(false),
  download: z.boolean().default(false),
  /** When the share ends; in the future. Absent: until revoked. */
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});
export const shareRef = z.object({ shareId: uuidInput() });

/** A file shared with the caller, with what the share allows. */
export const sharedFileOutput = z.object({
  share: fileShareOutput,
  file: fileOutput,
});
export const sharedWithMeOutput = z.object({ files: z.array(sharedFileOutput) });
