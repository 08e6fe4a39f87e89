/** The runtime role the app connects as: owns no table, has no BYPASSRLS. Migrations grant to it. */
export const RUNTIME_ROLE = 'enclave_app';
/** Owns the schema; runs migrations and admin jobs. */
export const OWNER_ROLE = 'enclave_owner';
