'use client';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { AdminSection } from '../AdminSection';
import { useAdmin } from '../admin-context';
import { ApiKeys } from '../ApiKeys';
import { KeyRotation } from '../KeyRotation';
import { MessageSettingsForm } from '../MessageSettingsForm';
import { QueryState } from '../QueryState';
import { WidgetSettings } from '../WidgetSettings';
import { WorkspaceNameForm } from '../WorkspaceNameForm';
import { trpc, type RouterOutputs } from '@/components/client/trpc';
import { ArchiveWorkspace } from './ArchiveWorkspace';
import { ToggleSettingForm } from './ToggleSettingForm';
import { RecordLinksForm } from './RecordLinksForm';
import { SETTINGS_TABS, settingsHref, settingsTab, type SettingsTab } from './tabs';

/** One part of the settings under the console's "Settings" heading, with the parts as tabs. */
export function SettingsSection({ tab }: { tab: SettingsTab }) {
  return (
    <AdminSection path="settings">
      <SettingsNav current={tab} />
      <p className="muted settings-about">{settingsTab(tab).about}</p>
      <TabContent tab={tab} />
    </AdminSection>
  );
}

function SettingsNav({ current }: { current: SettingsTab }) {
  const { ws } = useAdmin();
  return (
    <nav aria-label="Settings sections" className="settings-tabs">
      <ul>
        {SETTINGS_TABS.map((t) => (
          <li key={t.path}>
            <Link href={settingsHref(ws.slug, t.path)} aria-current={t.path === current ? 'page' : undefined}>
              {t.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function TabContent({ tab }: { tab: SettingsTab }): ReactNode {
  switch (tab) {
    case '':
      return <WithWorkspace>{(w) => <WorkspaceTab w={w} />}</WithWorkspace>;
    case 'messages':
      return (
        <WithWorkspace>
          {(w) => (
            <>
              <MessageSettingsForm settings={w.settings} />
              <ToggleSettingForm
                id="membership-messages"
                title="Join and leave messages"
                label="Show a line in a channel when someone joins, leaves, is added or removed"
                hint="Like “Ann added Bob”. These lines count as no unread message and notify nobody."
                saveLabel="Save join and leave messages"
                value={w.settings.membershipMessages}
                patch={(on) => ({ membershipMessages: on })}
              />
              <ToggleSettingForm
                id="push-preview"
                title="Push notifications and emails"
                label="Show message text in push notifications and emails"
                hint="Push notifications show on lock screens, where anyone holding the device can read them, and emails sit in mailboxes outside Enclave. Off, they say only who and where, like “Ann mentioned you in #general”."
                saveLabel="Save push settings"
                value={w.settings.notifications.pushPreview}
                patch={(on) => ({ notifications: { pushPreview: on } })}
              />
            </>
          )}
        </WithWorkspace>
      );
    case 'encryption':
      return <KeyRotation />;
    case 'api-keys':
      return <ApiKeys />;
    case 'widget':
      return <WidgetSettings />;
  }
}

type Current = RouterOutputs['workspace']['get'];

function WithWorkspace({ children }: { children: (w: Current) => ReactNode }) {
  const { ws } = useAdmin();
  const current = trpc.workspace.get.useQuery({ workspaceId: ws.id });
  return (
    <QueryState query={current} what="settings" empty={null} isEmpty={() => false}>
      {children}
    </QueryState>
  );
}

function WorkspaceTab({ w }: { w: Current }) {
  return (
    <>
      <WorkspaceNameForm name={w.name} />
      <RecordLinksForm links={w.settings.recordLinks} />
      <ArchiveWorkspace archived={w.archivedAt !== null} />
    </>
  );
}
