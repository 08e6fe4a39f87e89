import { createAuthEvents, type AuthEventBus } from '../../auth/events';
import type { FrameAncestorsCache, KeyServices, SettingsCache } from '../../domain/deps';
import type { RestrictionCache } from '../../domain/lockdown/state';
import type { ClusterBus } from './bus';

/** A settings cache whose forget() reaches every node. */
export function settingsEverywhere(inner: SettingsCache, bus: ClusterBus): SettingsCache {
  bus.subscribe('forget', (m) => m.cache === 'settings' && inner.forget(m.workspaceId));
  return {
    read: (tx, workspaceId) => inner.read(tx, workspaceId),
    cached: (workspaceId) => inner.cached(workspaceId),
    forget(workspaceId) {
      inner.forget(workspaceId);
      bus.publish('forget', { cache: 'settings', workspaceId });
    },
  };
}

/** A frame-ancestors cache whose forget() reaches every node. */
export function framesEverywhere(inner: FrameAncestorsCache, bus: ClusterBus): FrameAncestorsCache {
  bus.subscribe('forget', (m) => m.cache === 'frames' && inner.forget(m.workspaceId));
  return {
    get: (handle, load) => inner.get(handle, load),
    forget(workspaceId) {
      inner.forget(workspaceId);
      bus.publish('forget', { cache: 'frames', workspaceId });
    },
  };
}

/** A restriction cache (lockdowns, quarantines) whose forget() reaches every node. */
export function restrictionsEverywhere(inner: RestrictionCache, bus: ClusterBus): RestrictionCache {
  bus.subscribe('forget', (m) => m.cache === 'restrictions' && inner.forget(m.workspaceId));
  return {
    current: (workspaceId, load) => inner.current(workspaceId, load),
    forget(workspaceId) {
      inner.forget(workspaceId);
      bus.publish('forget', { cache: 'restrictions', workspaceId });
    },
  };
}

/** After a rotation on any node, every node reads the workspace's newest key again. */
export function keysEverywhere(keys: KeyServices, bus: ClusterBus) {
  keys.ring.onForget = (workspaceId) => bus.publish('forget', { cache: 'keys', workspaceId });
  bus.subscribe('forget', (m) => m.cache === 'keys' && keys.ring.forgetHeard(m.workspaceId));
  const persons = keys.ring.persons;
  if (persons) {
    persons.onShred = (workspaceId, userId) => bus.publish('shred', { workspaceId, userId });
    bus.subscribe('shred', (m) => persons.shredHeard(m.workspaceId, m.userId));
  }
}

/**
 * The identity events of the whole deployment: this node's (from `local`, which its realtime
 * server also hears) and the other nodes'. Caches listen here, so a sign-out on one node forgets
 * the session on all; sockets need only the local events, since the Socket.IO adapter carries the
 * disconnects to every node.
 */
export function authEventsEverywhere(local: AuthEventBus, bus: ClusterBus): AuthEventBus {
  const all = createAuthEvents();
  local.on('session-revoked', (e) => {
    all.emit('session-revoked', e);
    bus.publish('auth', { event: 'session-revoked', ...e });
  });
  local.on('user-sessions-revoked', (e) => {
    all.emit('user-sessions-revoked', e);
    bus.publish('auth', { event: 'user-sessions-revoked', ...e });
  });
  bus.subscribe('auth', (m) => {
    if (m.event === 'session-revoked') {
      const { event: _event, ...e } = m;
      all.emit('session-revoked', e);
    } else all.emit('user-sessions-revoked', { userId: m.userId });
  });
  return all;
}
