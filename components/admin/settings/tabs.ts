/** The parts of the console's Settings, each a page of its own below /admin/[slug]/settings. */
export const SETTINGS_TABS = [
  { path: '', label: 'Workspace', about: 'Its name, links to your app’s records, and archiving it.' },
  {
    path: 'messages',
    label: 'Messages',
    about: 'Replies, what counts as a repeated message, and what push notifications show.',
  },
  { path: 'encryption', label: 'Encryption', about: 'The key that encrypts messages, and rotating it.' },
  { path: 'api-keys', label: 'API keys', about: 'Keys that let your own systems call Enclave.' },
  { path: 'widget', label: 'Widget', about: 'The chat on your website: where it may appear, how it looks.' },
] as const;

export type SettingsTab = (typeof SETTINGS_TABS)[number]['path'];

export const settingsHref = (slug: string, tab: SettingsTab) =>
  `/admin/${slug}/settings${tab ? `/${tab}` : ''}`;

export function settingsTab(tab: SettingsTab) {
  const t = SETTINGS_TABS.find((x) => x.path === tab);
  if (!t) throw new Error(`no settings tab "${tab}"`);
  return t;
}

/** The browser tab's title of one part of the settings. */
export const settingsMetadata = (tab: SettingsTab) => ({
  title: `${settingsTab(tab).label} · Settings · Admin console · Enclave`,
});
