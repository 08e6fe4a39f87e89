import type { ReactNode } from 'react';
import { TableScroll } from './TableScroll';

interface TableProps {
  /** The table's accessible name, when it has no caption to be named by. */
  label?: string;
  caption?: string;
  /** Show the caption to assistive technology only. */
  hideCaption?: boolean;
  /** Column headers in order; `false` leaves a column out (one only some callers get). */
  columns: readonly (string | false)[];
  /** The body's rows. */
  children: ReactNode;
}

/**
 * A data table: optional caption, one header row of column names, the rows. On a narrow screen it
 * scrolls inside its own box with the first column (the row's name) kept in view.
 */
export function Table({ label, caption, hideCaption, columns, children }: TableProps) {
  return (
    <TableScroll label={label ?? caption}>
      <table aria-label={label}>
        {caption ? <caption className={hideCaption ? 'sr-only' : undefined}>{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((c) =>
              c === false ? null : (
                <th key={c} scope="col">
                  {c}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </TableScroll>
  );
}
