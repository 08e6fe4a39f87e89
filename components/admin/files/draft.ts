import type { RouterOutputs } from '@/components/client/trpc';
import { FILE_CATEGORIES, FILE_LIMITS, type FileCategory } from '@/shared/files';

/** The workspace's file settings as `attachment.settings` returns them (server/domain/attachment). */
export type FileSettings = RouterOutputs['attachment']['settings'];
export type Unscannable = FileSettings['unscannable'];

/** What the form edits: the size as its field's text, the kinds as a set, the unscannable choice. */
export interface Draft {
  maxMb: string;
  categories: ReadonlySet<FileCategory>;
  unscannable: Unscannable;
}

/** The fields that show their own errors; the server's other keys go above the Save button. */
export const FIELDS = ['maxMb', 'categories', 'unscannable'] as const;

export const NO_CATEGORY = 'Allow at least one kind of file';

export const draftOf = (s: FileSettings): Draft => ({
  maxMb: String(s.maxMb),
  categories: new Set(s.categories),
  unscannable: s.unscannable,
});

/** The kinds in the order the form lists them, so that two drafts allowing the same are equal. */
const ordered = (c: ReadonlySet<FileCategory>) => FILE_CATEGORIES.filter((k) => c.has(k));

const canonical = (d: Draft) => JSON.stringify([d.maxMb.trim(), ordered(d.categories), d.unscannable]);

/** Whether saving `draft` would change the settings it was edited from. */
export const isChanged = (draft: Draft, base: FileSettings) => canonical(draft) !== canonical(draftOf(base));

export interface FilesInput {
  maxMb: number;
  categories: FileCategory[];
  unscannable: Unscannable;
}

/**
 * The settings to save, or the problems the browser can see itself (in the server's keys), so they
 * appear at their fields before anything is sent. The deployment's cap is the server's to check:
 * it answers with the cap it has now, at the size field.
 */
export function prepare(
  draft: Draft,
): { input: FilesInput; errors: null } | { input: null; errors: Record<string, string[]> } {
  const errors: Record<string, string[]> = {};
  const text = draft.maxMb.trim();
  const n = Number(text);
  if (text === '' || !Number.isInteger(n) || n < FILE_LIMITS.maxMbMin)
    errors.maxMb = [`A whole number of MB, at least ${FILE_LIMITS.maxMbMin}`];
  const categories = ordered(draft.categories);
  if (categories.length === 0) errors.categories = [NO_CATEGORY];
  if (Object.keys(errors).length > 0) return { input: null, errors };
  return { input: { maxMb: n, categories, unscannable: draft.unscannable }, errors: null };
}
