import { z } from 'zod';
import { bodyRules } from './message-body';
import { avatarColourNames } from './avatar-colours';
import { roles } from './roles';

/*
 * The zod forms of the shared rules, for the server's inputs and outputs. The browser imports the
 * plain modules beside this one, so zod stays out of its bundles.
 */

export const roleSchema = z.enum(roles);

/** `schema` with the message body rules, each refused with its own message. */
export const withBodyRules = (schema: z.ZodString) =>
  bodyRules.reduce((s, rule) => s.refine((body) => !rule.broken(body), rule.message), schema);

/** A chosen avatar colour, or null for the default (the colour picked from the id). */
export const avatarColourSchema = z
  .enum(avatarColourNames, { error: 'Choose one of the avatar colours offered.' })
  .nullable();
