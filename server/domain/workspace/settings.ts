import { z } from 'zod';
import type { Tx } from '../../db/client';
import {
  DUPLICATE_REPEATS as REPEATS,
  DUPLICATE_WINDOW_SECONDS as DUP,
  REPLY_DEPTH as DEPTH,
  WIDGET_AWAY_DEFAULT,
  WIDGET_LIMITS as W,
} from '../../../shared/limits';
import { FILE_CATEGORIES, FILE_LIMITS } from '../../../shared/files';
import { isRecordTemplate, RECORD_LINKS, RECORD_TYPE } from '../../../shared/record-links';
import { text } from '../../lib/text';
import { defaultPolicy, policySchema } from '../policy/schemas';

/** An origin as browsers send it: scheme, host and port, nothing else. */
export const originSchema = text()
  .trim()
  .max(W.originMaxLength)
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === s.replace(/\/$/, '');
    } catch {
      return false;
    }
  }, 'An origin like https://app.example.com (scheme, host and port only)')
  .transform((s) => new URL(s).origin);

/** `visitor`: the visitor's prefers-color-scheme; `host`: what the host page says (embed.js). */
export const WIDGET_THEMES = ['light', 'dark', 'host', 'visitor'] as const;
/** How soon the team usually answers, shown while someone is online. */
export const REPLY_TIMES = ['minutes', 'hour', 'day'] as const;
const theme = z.enum(WIDGET_THEMES, 'Light, dark, the host page or the visitor');
const replyTime = z.enum(REPLY_TIMES, 'A few minutes, an hour or a day');
const awayMessage = text().trim().max(W.awayMax);
const appearanceFields = {
  title: text().trim().min(1).max(W.titleMax),
  greeting: text().trim().max(W.greetingMax),
  color: text().regex(/^#[0-9a-f]{6}$/i, 'A colour like #4f46e5'),
  position: z.enum(['right', 'left']),
};
// Stored appearance: fields added later fall back to their defaults (settings saved before them
// keep working); the patch below checks them strictly instead.
const widgetAppearance = z.object({
  ...appearanceFields,
  theme: theme.catch('visitor').default('visitor'),
  replyTime: replyTime.catch('minutes').default('minutes'),
  awayMessage: awayMessage.catch(WIDGET_AWAY_DEFAULT).default(WIDGET_AWAY_DEFAULT),
});
const widgetAppearancePatch = z.object({ ...appearanceFields, theme, replyTime, awayMessage });
/**
 * The host's privacy notice in the widget: a short text and a link to the full notice; with
 * requireConsent, a visitor agrees to it before chatting (the consent is recorded per visitor,
 * against the notice it was given for). Settings stored before it have none.
 */
const privacyDefaults = { noticeText: '', noticeUrl: null as string | null, requireConsent: false };
const widgetPrivacy = z.object({
  noticeText: z.string().max(W.noticeMax).catch('').default(''),
  noticeUrl: z.string().max(W.noticeUrlMax).nullable().catch(null).default(null),
  requireConsent: z.boolean().catch(false).default(false),
});
const widgetPrivacyPatch = z
  .object({
    noticeText: text().trim().max(W.noticeMax, `At most ${W.noticeMax} characters`),
    noticeUrl: text()
      .trim()
      .max(W.noticeUrlMax)
      .refine((u) => /^https:\/\/[^\s]+$/.test(u) && URL.canParse(u), 'A web address starting with https://')
      .nullable(),
    requireConsent: z.boolean(),
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'Name at least one privacy field');

/** New anonymous visitors a workspace takes per hour unless its admin sets another figure. */
export const DEFAULT_ANONYMOUS_PER_HOUR = 200;
const anonymousPerHour = z.number().int().min(0).max(W.anonymousPerHourMax);
const widgetDefaults = {
  enabled: false,
  allowedOrigins: [] as string[],
  anonymous: false,
  anonymousPerHour: DEFAULT_ANONYMOUS_PER_HOUR,
  appearance: {
    title: 'Chat with us',
    greeting: '',
    color: '#4f46e5',
    position: 'right' as const,
    theme: 'visitor' as const,
    replyTime: 'minutes' as const,
    awayMessage: WIDGET_AWAY_DEFAULT,
  },
  privacy: privacyDefaults,
};
/** The embeddable widget: off until an admin turns it on and names the host origins. */
export const widgetSettingsSchema = z.object({
  enabled: z.boolean(),
  // Stored already normalised (the patch below checks them); outputs carry no transform.
  allowedOrigins: z.array(z.string().max(W.originMaxLength)).max(W.originsMax),
  /** Whether visitors without a host-signed identity may chat. */
  anonymous: z.boolean(),
  /**
   * How many new anonymous visitors the workspace takes per hour (0: none). Settings stored before
   * it existed get the default rather than falling back to a widget that is off.
   */
  anonymousPerHour: anonymousPerHour.catch(DEFAULT_ANONYMOUS_PER_HOUR).default(DEFAULT_ANONYMOUS_PER_HOUR),
  appearance: widgetAppearance,
  privacy: widgetPrivacy.catch(privacyDefaults).default(privacyDefaults),
});
export type WidgetSettings = z.infer<typeof widgetSettingsSchema>;
// An update that changes nothing (unknown fields are dropped) is an error, not a silent no-op.
// (Not a strict object: tRPC parses the gate's workspaceId from the same input.)
export const widgetSettingsPatch = z
  .object({
    enabled: z.boolean(),
    allowedOrigins: z.array(originSchema).max(W.originsMax),
    anonymous: z.boolean(),
    anonymousPerHour,
    appearance: widgetAppearancePatch
      .partial()
      .refine((a) => Object.keys(a).length > 0, 'Name at least one appearance field'),
    privacy: widgetPrivacyPatch,
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'Nothing to change');

/** Record type → the host page's URL template (shared/record-links.ts). */
const recordLinks = z
  .record(
    text().regex(RECORD_TYPE, 'A record type: lower-case letters, digits, _ . and -'),
    text()
      .trim()
      .refine(
        isRecordTemplate,
        'A web address starting with https:// and containing {id}, like https://app.example.com/invoices/{id}',
      ),
  )
  .refine((r) => Object.keys(r).length <= RECORD_LINKS.max, `At most ${RECORD_LINKS.max} record types`);

/**
 * Files: the largest in MB (the deployment's FILE_MAX_MB caps it when saved), the kinds allowed
 * (by the type sniffed from the content), and what a file that cannot be scanned becomes.
 */
export const fileSettingsSchema = z.object({
  maxMb: z.number().int().min(FILE_LIMITS.maxMbMin),
  categories: z.array(z.enum(FILE_CATEGORIES)).max(FILE_CATEGORIES.length),
  unscannable: z.enum(['allow', 'block']),
});
export type FileSettings = z.infer<typeof fileSettingsSchema>;
const fileDefaults: FileSettings = {
  maxMb: FILE_LIMITS.maxMbDefault,
  categories: [...FILE_CATEGORIES],
  unscannable: 'allow',
};

/**
 * Notifications: whether a push may carry what was written (a preview on the lock screen). Off by
 * default: a push then says only where and what kind ("New message in #general").
 */
export const notificationSettingsSchema = z.object({
  pushPreview: z.boolean().catch(false).default(false),
});
const notificationDefaults = { pushPreview: false };

/** Workspace settings kept in workspace.settings (JSON); unknown or bad stored values fall back. */
export const settingsSchema = z.object({
  /** How deep replies nest: 1 means replies to top-level messages only. */
  replyDepth: z.number().int().min(DEPTH.min).max(DEPTH.max).catch(DEPTH.default).default(DEPTH.default),
  /** The same text from the same person in the same conversation within this many seconds is refused. */
  duplicateWindowSeconds: z.number().int().min(DUP.min).max(DUP.max).catch(DUP.default).default(DUP.default),
  /** How many identical copies of a short text the window lets through (shared/limits.ts). */
  duplicateRepeats: z
    .number()
    .int()
    .min(REPEATS.min)
    .max(REPEATS.max)
    .catch(REPEATS.default)
    .default(REPEATS.default),
  /** A line in a channel when someone joins or leaves it, or is added or removed. */
  membershipMessages: z.boolean().catch(false).default(false),
  widget: widgetSettingsSchema.catch(widgetDefaults).default(widgetDefaults),
  recordLinks: recordLinks.catch({}).default({}),
  /** The security policy (server/domain/policy): admins read and change it through admin.policy. */
  security: policySchema.catch(defaultPolicy).default(defaultPolicy),
  files: fileSettingsSchema.catch(fileDefaults).default(fileDefaults),
  notifications: notificationSettingsSchema.catch(notificationDefaults).default(notificationDefaults),
});
export type WorkspaceSettings = z.infer<typeof settingsSchema>;
export const settingsPatch = z
  .object({
    replyDepth: z.number().int().min(DEPTH.min).max(DEPTH.max),
    duplicateWindowSeconds: z.number().int().min(DUP.min).max(DUP.max),
    duplicateRepeats: z.number().int().min(REPEATS.min).max(REPEATS.max),
    membershipMessages: z.boolean(),
    /** Replaces the whole set of record links. */
    recordLinks,
    notifications: z.object({ pushPreview: z.boolean() }).partial(),
  })
  .partial();

export const parseSettings = (raw: unknown): WorkspaceSettings =>
  settingsSchema.parse(typeof raw === 'object' && raw !== null ? raw : {});

/**
 * Sends read settings on every batch; a short cache keeps that off the hot path. Changes made in
 * this process apply at once (forget()); other processes see them within the TTL. Bounded: past
 * 10,000 workspaces the stale entries go (they are read again on their next use).
 */
export class MemorySettingsCache {
  private readonly cache = new Map<string, { at: number; value: WorkspaceSettings }>();
  constructor(private readonly ttlMs = 5000) {}

  /** The cached settings, if fresh: lets a hot path skip opening a transaction. */
  cached(workspaceId: string): WorkspaceSettings | undefined {
    const hit = this.cache.get(workspaceId);
    return hit && Date.now() - hit.at < this.ttlMs ? hit.value : undefined;
  }

  async read(tx: Tx, workspaceId: string): Promise<WorkspaceSettings> {
    const hit = this.cached(workspaceId);
    if (hit) return hit;
    const w = await tx.workspace.findUnique({ where: { id: workspaceId }, select: { settings: true } });
    const value = parseSettings(w?.settings);
    if (this.cache.size >= 10_000)
      for (const [k, v] of this.cache) if (Date.now() - v.at >= this.ttlMs) this.cache.delete(k);
    this.cache.set(workspaceId, { at: Date.now(), value });
    return value;
  }

  forget(workspaceId: string) {
    this.cache.delete(workspaceId);
  }
}
