'use client';
import type { ShownError } from '@/components/client/errors';
import type { RouterOutputs } from '@/components/client/trpc';
import { SelectField } from '@/components/ui/field';

type Channel = RouterOutputs['channel']['list'][number];

/** A channel of the workspace (archived ones marked), for a rule or a hold: its id, or '' for none yet. */
export function ChannelSelect({
  channels,
  value,
  onChange,
  error,
}: {
  channels: readonly Channel[] | undefined;
  value: string;
  onChange: (id: string) => void;
  error: ShownError | null;
}) {
  return (
    <SelectField
      label="Channel"
      name="conversationId"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={error}
      options={[
        { value: '', label: 'Choose a channel…' },
        ...(channels ?? []).map((c) => ({
          value: c.id,
          label: `#${c.name}${c.archivedAt ? ' (archived)' : ''}`,
        })),
      ]}
    />
  );
}
