import type { Db } from './client';

// Process-wide database handles, set once by bootstrapDatabase().
interface Handles {
  app: Db;
  admin: Db;
  appUrl: string;
  adminUrl: string;
}
let handles: Handles | undefined;

export function setDatabases(h: Handles | undefined) {
  handles = h;
}

function get(): Handles {
  if (!handles) throw new Error('database not initialised: call bootstrapDatabase() first');
  return handles;
}

/** The runtime client: connects as the role without BYPASSRLS. Use it through withTenant(). */
export const db = (): Db => get().app;
/** The owner client: for admin jobs that must see every workspace. Never for request handling. */
export const adminDb = (): Db => get().admin;
export const databaseUrls = () => ({ appUrl: get().appUrl, adminUrl: get().adminUrl });
