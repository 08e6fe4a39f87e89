import { toEntries, type CompactEmoji, type EmojiEntry } from './emoji-search';

/** The group names of emojibase's dataset, by group number, in the picker's words. */
export const EMOJI_GROUPS: Readonly<Record<number, string>> = {
  0: 'Smileys and emotion',
  1: 'People and body',
  3: 'Animals and nature',
  4: 'Food and drink',
  5: 'Travel and places',
  6: 'Activities',
  7: 'Objects',
  8: 'Symbols',
  9: 'Flags',
};

let loading: Promise<EmojiEntry[]> | null = null;
let loaded: EmojiEntry[] | null = null;

/** The set if an earlier picker loaded it, so a later one opens at its full size at once. */
export const loadedEmojis = () => loaded;

/**
 * The full emoji set, fetched from the app's own chunks the first time a picker opens (not in the
 * chat's or the widget's first load); a failed load is tried again on the next open.
 */
export function loadEmojis(): Promise<EmojiEntry[]> {
  loading ??= Promise.all([
    import('emojibase-data/en/compact.json'),
    import('emojibase-data/en/shortcodes/github.json'),
  ]).then(
    ([data, codes]) =>
      (loaded = toEntries(
        data.default as unknown as CompactEmoji[],
        codes.default as unknown as Record<string, string | string[]>,
      )),
    (err: unknown) => {
      loading = null;
      throw err;
    },
  );
  return loading;
}
