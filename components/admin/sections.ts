import type { Role } from '@/components/client/trpc';

export interface Section {
  /** Path below /admin/[slug] ('' is the overview). */
  path: string;
  label: string;
  /** Lowest role that may open it: the lowest role the server accepts for its main query. */
  min: Role;
}

export const SECTIONS = [
  { path: '', label: 'Overview', min: 'admin' },
  { path: 'members', label: 'Members', min: 'moderator' },
  { path: 'channels', label: 'Channels', min: 'moderator' },
  { path: 'connections', label: 'Active connections', min: 'moderator' },
  { path: 'audit', label: 'Audit log', min: 'admin' },
  { path: 'settings', label: 'Settings', min: 'admin' },
] as const satisfies readonly Section[];

export const sectionHref = (slug: string, s: Pick<Section, 'path'>) =>
  `/admin/${slug}${s.path ? `/${s.path}` : ''}`;

export type SectionPath = (typeof SECTIONS)[number]['path'];

export function sectionOf(path: SectionPath): Section {
  const s = SECTIONS.find((x) => x.path === path);
  if (!s) throw new Error(`no admin section at "${path}"`);
  return s;
}

/** The page title (the browser tab and what screen readers announce on navigation). */
export const sectionMetadata = (path: SectionPath) => ({
  title: `${sectionOf(path).label} · Admin console · Enclave`,
});
