import { z } from 'zod';
import { FILE_COMMENT_MAX } from '../../../shared/files';
import { text, uuidInput } from '../../lib/text';

const unit = z.number().min(0).max(1);

/** Where a comment sits: a region of one page of one version, in 0–1 coordinates of that page. */
export const commentAnchor = z
  .object({
    /** Absent: the file's current version. */
    version: z.number().int().min(1).optional(),
    /** 1 for an image; the page of a PDF. */
    page: z.number().int().min(1).max(100_000).default(1),
    /** A point when w and h are 0. */
    rect: z.object({ x: unit, y: unit, w: unit.default(0), h: unit.default(0) }),
  })
  .refine((a) => a.rect.x + a.rect.w <= 1 && a.rect.y + a.rect.h <= 1, {
    message: 'The region must lie within the page',
    path: ['rect'],
  });

const commentBody = text()
  .trim()
  .min(1, 'Write a comment')
  .max(FILE_COMMENT_MAX, `At most ${FILE_COMMENT_MAX} characters`);

/** A new thread (with its anchor), or a reply in a thread (with its parent: it sits where the thread does). */
export const addCommentInput = z
  .object({
    fileId: uuidInput(),
    body: commentBody,
    anchor: commentAnchor.optional(),
    parentId: uuidInput().optional(),
  })
  .refine((c) => (c.anchor === undefined) !== (c.parentId === undefined), {
    message: 'Give an anchor for a new thread, or the comment it replies to',
    path: ['anchor'],
  });
export const commentRef = z.object({ commentId: uuidInput() });
export const resolveCommentInput = z.object({ commentId: uuidInput(), resolved: z.boolean() });

export const commentOutput = z.object({
  id: z.uuid(),
  fileId: z.uuid(),
  parentId: z.uuid().nullable(),
  version: z.number().int(),
  page: z.number().int(),
  rect: z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() }),
  /** Made on a version older than the file's current one. */
  onEarlierVersion: z.boolean(),
  authorId: z.string(),
  /** Null when it cannot be read (its author was erased). */
  body: z.string().nullable(),
  resolvedAt: z.iso.datetime().nullable(),
  resolvedBy: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type CommentOutput = z.infer<typeof commentOutput>;
