import { z } from 'zod';
import { analyticsInput, analyticsOutput, securityAnalyticsOutput } from '../../domain/analytics/schemas';
import { securityAnalytics } from '../../domain/analytics/security';
import { analytics } from '../../domain/analytics/service';
import { connectionsOutput, disconnectInput } from '../../domain/connections/schemas';
import { connections, disconnectMember } from '../../domain/connections/service';
import {
  adminLockdownOutput,
  extendLockdownInput,
  liftLockdownOutput,
  lockdownView,
  quarantineInput,
  quarantineView,
  releaseQuarantineInput,
  startLockdownInput,
} from '../../domain/lockdown/schemas';
import { listQuarantines, quarantine, releaseQuarantine } from '../../domain/lockdown/quarantine';
import { adminLockdown, extendLockdown, liftLockdown, startLockdown } from '../../domain/lockdown/service';
import { removeInput } from '../../domain/member/schemas';
import { resetSessions } from '../../domain/member/reset';
import { healthOutput } from '../../domain/health/schemas';
import { workspaceHealth } from '../../domain/health/service';
import { env } from '../../env';
import { policyOutput, setPolicyInput } from '../../domain/policy/schemas';
import { getPolicy, setPolicy } from '../../domain/policy/service';
import { endpoints, type Route } from '../endpoint';
import { router } from '../init';

const api = endpoints('admin');
const base = '/workspaces/{workspaceId}/admin';
const admin = { role: 'admin' } as const;
const health: Route = {
  path: '/workspaces/{workspaceId}/health',
  description:
    "How the workspace's chat is doing, from the node that answers: database round trip, sockets on each node, Redis, job queue depth, the audit chain's newest checkpoint and the policy version; problems names each thing that is wrong.",
};
const disconnected = z.object({ disconnected: z.number().int() });

// Analytics and closing sockets are for admins; moderators may see who is connected.
export const adminRouter = router({
  analytics: api.get(admin, `${base}/analytics`, analyticsInput, analyticsOutput, analytics),
  securityAnalytics: api.get(
    admin,
    `${base}/security-analytics`,
    analyticsInput,
    securityAnalyticsOutput,
    securityAnalytics,
  ),
  connections: api.get({ role: 'moderator' }, `${base}/connections`, null, connectionsOutput, connections),
  disconnect: api.post(
    admin,
    `${base}/connections/{userId}/disconnect`,
    disconnectInput,
    disconnected,
    disconnectMember,
  ),
  resetSessions: api.post(
    admin,
    {
      path: `${base}/members/{userId}/reset-sessions`,
      description:
        "Signs the member out everywhere (every session, on every node, sockets included), revokes the API keys they made in this workspace and ends a widget visitor's sessions.",
    },
    removeInput,
    z.object({ sessions: z.number().int(), apiKeys: z.number().int(), widgetSessions: z.number().int() }),
    resetSessions,
  ),
  quarantines: api.get(admin, `${base}/quarantines`, null, z.array(quarantineView), listQuarantines),
  quarantine: api.post(
    admin,
    {
      path: `${base}/members/{userId}/quarantine`,
      description:
        'Puts a member in quarantine for `minutes`: every call of theirs into the workspace answers 423 LOCKED with the reason, their sockets hear nothing more of it and their presence is hidden there; a widget visitor is disconnected. It ends by itself.',
    },
    quarantineInput,
    quarantineView,
    quarantine,
  ),
  releaseQuarantine: api.post(
    admin,
    `${base}/members/{userId}/quarantine/release`,
    releaseQuarantineInput,
    z.object({ released: z.boolean() }),
    releaseQuarantine,
  ),
  health: api.get({ role: 'admin', scope: 'workspace:read' }, health, null, healthOutput, (ctx) =>
    workspaceHealth(ctx, { intervalSeconds: env().AUDIT_CHECKPOINT_INTERVAL_SECONDS }),
  ),
  lockdown: api.get(admin, `${base}/lockdown`, null, adminLockdownOutput, adminLockdown),
  startLockdown: api.post(
    admin,
    {
      path: `${base}/lockdown`,
      description:
        'Locks the workspace down for `minutes`: read_only (only admins write) or full (only admins enter; everyone else is shut out, widget visitors disconnected). Refused calls answer 423 LOCKED. One lockdown at a time.',
    },
    startLockdownInput,
    lockdownView,
    startLockdown,
  ),
  extendLockdown: api.post(
    { role: 'owner' },
    `${base}/lockdown/extend`,
    extendLockdownInput,
    lockdownView,
    extendLockdown,
  ),
  liftLockdown: api.post(
    admin,
    {
      path: `${base}/lockdown/lift`,
      description:
        'Ends the lockdown. A full one takes the owner, or two admins: the first call records the request (lifted: false), a second admin confirms it.',
    },
    null,
    liftLockdownOutput,
    liftLockdown,
  ),
  policy: api.get(admin, `${base}/policy`, null, policyOutput, getPolicy),
  setPolicy: api.put(
    admin,
    {
      path: `${base}/policy`,
      description:
        'Replaces the security policy with a new version; expectedVersion must be the current one.',
    },
    setPolicyInput,
    policyOutput,
    setPolicy,
  ),
});
