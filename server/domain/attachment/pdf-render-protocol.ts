import { z } from 'zod';

// What pdf-preview.ts and its render thread (pdf-render-thread.ts) say to each other, checked on
// both sides: the thread is started from a file, so nothing but these shapes crosses.

export const renderRequest = z.object({
  pdf: z.instanceof(Uint8Array),
  /** The longest side the page is drawn at, in pixels. */
  side: z.number().int().min(1).max(4096),
  /** Pages (at 72 dpi) and images in the document past this many pixels are not drawn. */
  pixelLimit: z.number().int().min(1),
});
export type RenderRequest = z.infer<typeof renderRequest>;

/** Why a PDF gets no preview. */
export const NO_PREVIEW_REASONS = [
  'invalid',
  'password',
  'page-too-large',
  'file-too-large',
  'timeout',
  'failed',
] as const;
export type NoPreviewReason = (typeof NO_PREVIEW_REASONS)[number];

export const renderReply = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    /** The drawn page, RGBA, row by row. */
    rgba: z.instanceof(Uint8Array),
    width: z.number().int().min(1),
    height: z.number().int().min(1),
    /** The page's own size, in points. */
    pageWidth: z.number().positive(),
    pageHeight: z.number().positive(),
    pages: z.number().int().min(1),
  }),
  z.object({ ok: z.literal(false), reason: z.enum(NO_PREVIEW_REASONS), detail: z.string() }),
]);
export type RenderReply = z.infer<typeof renderReply>;
