'use client';
import { LeaveWorkspace } from '@/components/members/LeaveWorkspace';
import { MembersPanel } from '@/components/members/MembersPanel';
import { useWorkspace } from './workspace-context';

/** The web app's members page: the console's member screen, plus one's own role and leaving. */
export function MembersPage() {
  const { ws, user } = useWorkspace();
  return (
    <div className="pane">
      <p className="muted">
        Your role: <strong>{ws.role}</strong>
      </p>
      <MembersPanel ws={ws} user={user} roleSaving="on-pick" inviteByEmail={false} />
      <LeaveWorkspace ws={ws} />
    </div>
  );
}
