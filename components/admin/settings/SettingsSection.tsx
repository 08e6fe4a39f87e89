'use client';
import { trpc } from '@/components/client/trpc';
import { useAdmin } from './admin-context';
import { ApiKeys } from './ApiKeys';
import { KeyRotation } from './KeyRotation';
import { MessageSettingsForm } from './MessageSettingsForm';
import { QueryState } from './QueryState';
import { WidgetSettings } from './WidgetSettings';
import { WorkspaceNameForm } from './WorkspaceNameForm';

export function SettingsSection() {
  const { ws } = useAdmin();
  const current = trpc.workspace.get.useQuery({ workspaceId: ws.id });
  return (
    <>
      <QueryState query={current} what="settings" empty={null} isEmpty={() => false}>
        {(w) => (
          <>
            <WorkspaceNameForm name={w.name} />
            <MessageSettingsForm settings={w.settings} />
          </>
        )}
      </QueryState>
      <KeyRotation />
      <ApiKeys />
      <WidgetSettings />
    </>
  );
}
