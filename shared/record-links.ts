/**
 * Record conversations link back to the host's page for the record: an admin sets a URL template
 * per record type (Console → Settings → Workspace), with `{id}` where the record's id goes.
 */
export const RECORD_LINKS = { max: 20, templateMax: 500, placeholder: '{id}' } as const;

/** A record type as the host app names it: `invoice`, `crm.deal` (at most 40 characters). */
export const RECORD_TYPE = /^[a-z][a-z0-9_.-]{0,39}$/;

/** A template is an absolute http(s) URL with `{id}` in it. */
export function isRecordTemplate(template: string): boolean {
  if (!template.includes(RECORD_LINKS.placeholder) || template.length > RECORD_LINKS.templateMax)
    return false;
  try {
    const u = new URL(template.replaceAll(RECORD_LINKS.placeholder, 'x'));
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/** The host's page of a record, or null when its type has no template (or a broken one). */
export function recordUrl(
  templates: Readonly<Record<string, string>>,
  type: string,
  id: string,
): string | null {
  const template = Object.hasOwn(templates, type) ? templates[type] : undefined;
  if (!template || !isRecordTemplate(template)) return null;
  return template.replaceAll(RECORD_LINKS.placeholder, encodeURIComponent(id));
}

/** Widget visitors' own conversations are record conversations of this type (docs/widget.md). */
export const VISITOR_SUBJECT = 'visitor';
