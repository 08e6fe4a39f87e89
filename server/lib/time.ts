// Outputs carry times as ISO-8601 strings: the same over tRPC, REST and sockets, with no transformer.
export const iso = (d: Date) => d.toISOString();
export const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);
