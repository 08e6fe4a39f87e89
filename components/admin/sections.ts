import type { Permission } from '@/shared/roles';

export interface Section {
  /** Path below /admin/[slug] ('' is the overview). */
  path: string;
  label: string;
  /** What opening it takes: the permission the server checks for its main query. */
  needs: Permission;
}

export const SECTIONS = [
  { path: '', label: 'Overview', needs: 'analytics.view' },
  { path: 'members', label: 'Members', needs: 'console.open' },
  { path: 'channels', label: 'Channels', needs: 'console.open' },
  { path: 'connections', label: 'Active connections', needs: 'console.open' },
  { path: 'moderation', label: 'Moderation', needs: 'moderation.review' },
  { path: 'audit', label: 'Audit log', needs: 'audit.read' },
  { path: 'security', label: 'Security', needs: 'settings.change' },
  { path: 'files', label: 'Files', needs: 'settings.change' },
  { path: 'retention', label: 'Retention', needs: 'compliance.manage' },
  { path: 'exports', label: 'Exports', needs: 'data.export' },
  { path: 'privacy', label: 'Privacy requests', needs: 'compliance.manage' },
  { path: 'report', label: 'Compliance report', needs: 'compliance.manage' },
  { path: 'settings', label: 'Settings', needs: 'settings.change' },
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
