import type { ReactNode } from 'react';
import { toShownError } from '@/components/client/errors';
import { FormError, Loading } from '@/components/ui/field';

interface QueryLike<T> {
  isPending: boolean;
  error: unknown;
  data: T | undefined;
}

/** Loading, error (the server's message), empty, or the data: the four states every list has. */
export function QueryState<T>({
  query,
  what,
  empty,
  isEmpty = (d) => Array.isArray(d) && d.length === 0,
  children,
}: {
  query: QueryLike<T>;
  /** For the loading line: "Loading <what>…". */
  what: string;
  /** Shown when `isEmpty(data)`. */
  empty: ReactNode;
  isEmpty?: (data: T) => boolean;
  children: (data: T) => ReactNode;
}) {
  if (query.error) return <FormError error={toShownError(query.error)} />;
  if (query.isPending || query.data === undefined) return <Loading what={what} />;
  if (isEmpty(query.data)) return <p className="muted">{empty}</p>;
  return <>{children(query.data)}</>;
}
