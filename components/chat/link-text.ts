import { safeHref } from '@/shared/link-url';
import type { Formatted } from './format-text';

/**
 * The composer's link popover as text edits: pure, like format-text.ts. The address rule is the
 * renderer's (`safeHref`, shared/link-url.ts), so whatever the popover accepts renders as a link.
 */

/** What the popover's two fields start with. */
export interface LinkFields {
  text: string;
  url: string;
}

/** The selection `[start, end)` without the white space at its ends (a link label has none). */
export function linkRange(text: string, start: number, end: number): { start: number; end: number } {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { start, end };
}

/** A selected address goes into the URL field; any other selected text is the link's text. */
export function linkFields(selected: string): LinkFields {
  const s = selected.trim();
  if (s && !/\s/.test(s) && safeHref(s) !== null) return { text: '', url: s };
  return { text: s.replace(/\s+/g, ' '), url: '' };
}

/**
 * The address as written inside `[text](…)`, or null when the rule refuses it: the normalised URL,
 * with white space and parentheses escaped, since they would end the address early, and brackets,
 * so that the address can stand as the link's text too.
 */
export function linkTarget(raw: string): string | null {
  const href = safeHref(raw);
  if (href === null) return null;
  return href.replace(/[\s()[\]]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** Said at the Text field when the renderer could not draw the link. */
export const LINK_TEXT_RULE = 'Link text cannot contain “[” or “](”.';

/**
 * Whether `label` can be a link's text: the renderer takes a label up to the first `](` and none
 * that holds a `[` (markdown-inline.ts; link-text.test.ts checks the two agree).
 */
export function linkTextFits(label: string): boolean {
  return !label.includes('[') && !label.includes('](');
}

/**
 * `[text](href)` in place of the selection, the caret after it. When the text is the selected
 * text (or left empty), the selection is wrapped by two insertions instead, which keeps a mention
 * pill inside it intact; with neither text nor selection, the address is its own text.
 */
export function insertLink(
  text: string,
  start: number,
  end: number,
  link: { text: string; href: string },
): Formatted {
  ({ start, end } = linkRange(text, start, end));
  const selected = text.slice(start, end);
  const label = link.text.trim().replace(/\s+/g, ' ');
  if (selected && !selected.includes('\n') && (label === '' || label === selected)) {
    const edits = [
      { from: start, to: start, insert: '[' },
      { from: end, to: end, insert: `](${link.href})` },
    ];
    const caret = end + link.href.length + 4;
    return { edits, start: caret, end: caret };
  }
  const insert = `[${label || selected.replace(/\s+/g, ' ') || link.href}](${link.href})`;
  const caret = start + insert.length;
  return { edits: [{ from: start, to: end, insert }], start: caret, end: caret };
}
