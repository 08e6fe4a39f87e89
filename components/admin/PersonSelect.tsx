'use client';
import type { ShownError } from '@/components/client/errors';
import type { Member } from '@/components/client/trpc';
import { SelectField } from '@/components/ui/field';

/** A choice of one person of the workspace (members and widget visitors, as `people` has them). */
export function PersonSelect({
  people,
  value,
  onChange,
  error,
  label = 'Person',
  name = 'userId',
}: {
  people: readonly Member[] | undefined;
  value: string;
  onChange: (userId: string) => void;
  error: ShownError | null;
  label?: string;
  name?: string;
}) {
  return (
    <SelectField
      label={label}
      name={name}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={error}
      options={[
        { value: '', label: 'Choose a person…' },
        ...(people ?? []).map((m) => ({
          value: m.userId,
          label: m.visitor ? `${m.name} (widget visitor)` : m.name,
        })),
      ]}
    />
  );
}
