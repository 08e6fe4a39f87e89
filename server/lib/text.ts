/// <reference lib="es2024.string" />
import { z } from 'zod';

// PostgreSQL text cannot hold NUL (the driver error would surface as a 500), and no single-line
// field (names, ids, filters) has a use for other control characters either.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Any string from a client. A lone UTF-16 surrogate (JSON allows `"\ud800"`) has no UTF-8 form:
 * PostgreSQL refuses it, deep inside a write. Every string input starts here so none is forgotten.
 */
export const text = () => z.string().refine((s) => s.isWellFormed(), 'Must be valid Unicode text');

/** A trimmed single-line string of min..max characters without control characters. */
export const singleLine = (min: number, max: number) =>
  text()
    .trim()
    .min(min, min === 1 ? 'Required' : `At least ${min} characters`)
    .max(max, `At most ${max} characters`)
    .refine((s) => !CONTROL.test(s), 'Must not contain control characters');

/** An opaque identifier from a client (user ids, filter values): no trimming, no control characters. */
export const opaqueId = (max = 64) =>
  text()
    .min(1, 'Required')
    .max(max, `At most ${max} characters`)
    .refine((s) => !CONTROL.test(s), 'Must not contain control characters');

/**
 * A UUID from a client, in the one spelling the database and the rest of the code use. `z.uuid()`
 * accepts upper case; compared as text (room names, AEAD bindings, the gate's own checks) an
 * upper-case id would name nothing, so every id input is lower-cased here, once.
 */
export const uuidInput = () => z.uuid().toLowerCase();
