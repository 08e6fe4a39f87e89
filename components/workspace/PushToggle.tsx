'use client';
import { useCallback, useEffect, useId, useState } from 'react';
import { trpc } from '@/components/client/trpc';
import {
  currentRegistration,
  pushUnsupportedReason,
  registerServiceWorker,
  subscribeBrowser,
  subscriptionInput,
} from './push-browser';
import { useWorkspace } from './workspace-context';

type Utils = ReturnType<typeof trpc.useUtils>;

/** Where this browser stands with push in this workspace. */
type PushState =
  | { kind: 'checking' }
  | { kind: 'unsupported'; reason: string }
  | { kind: 'denied' }
  | { kind: 'off' }
  | { kind: 'on' };

const appCodeOf = (e: unknown) => (e as { data?: { code?: unknown } } | null)?.data?.code;
const messageOf = (e: unknown) =>
  e instanceof Error && e.message ? e.message : 'Push notifications could not be changed. Try again.';

/** Reads the state without registering or asking anything: the browser's subscription, and ours. */
async function readState(utils: Utils, workspaceId: string): Promise<PushState> {
  const reason = pushUnsupportedReason();
  if (reason) return { kind: 'unsupported', reason };
  if (Notification.permission === 'denied') return { kind: 'denied' };
  if (Notification.permission !== 'granted') return { kind: 'off' };
  const sub = await (await currentRegistration())?.pushManager.getSubscription();
  if (!sub) return { kind: 'off' };
  const devices = await utils.client.notification.pushDevices.query({ workspaceId });
  return devices.some((d) => d.endpoint === sub.endpoint) ? { kind: 'on' } : { kind: 'off' };
}

/**
 * Whether another workspace of this person still sends to this browser's subscription: the browser
 * has one per site, so it is ended only when none does. When that cannot be told, it is kept.
 */
async function usedElsewhere(utils: Utils, workspaceId: string, endpoint: string): Promise<boolean> {
  try {
    const mine = await utils.client.workspace.listMine.query();
    for (const w of mine.filter((x) => x.id !== workspaceId)) {
      const devices = await utils.client.notification.pushDevices.query({ workspaceId: w.id });
      if (devices.some((d) => d.endpoint === endpoint)) return true;
    }
    return false;
  } catch {
    return true;
  }
}

const HELP: Record<PushState['kind'], string> = {
  checking: 'Checking this browser…',
  unsupported: '',
  denied:
    'Your browser blocks notifications from this site. To allow them, open the site’s settings (the icon to the left of the address), set Notifications to Allow, then reload this page.',
  off: 'Off: this browser shows no notifications from this workspace when Enclave is closed.',
  on: 'On: this browser shows a notification when something needs you here, even with Enclave closed.',
};

/**
 * "Push notifications on this device": turning it on asks the browser's permission, registers the
 * service worker (public/sw.js), subscribes with the deployment's VAPID key and hands the
 * subscription to the server; turning it off removes it from the server and, unless another of
 * the person's workspaces uses it, ends the browser's subscription too.
 */
export function PushToggle() {
  const { ws } = useWorkspace();
  const workspaceId = ws.id;
  const utils = trpc.useUtils();
  const id = useId();
  const [state, setState] = useState<PushState>({ kind: 'checking' });
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    readState(utils, workspaceId)
      .then((s) => live && setState(s))
      .catch(() => live && setState({ kind: 'off' }));
    return () => {
      live = false;
    };
  }, [utils, workspaceId]);

  const turnOn = useCallback(async () => {
    const permission = await Notification.requestPermission();
    if (permission === 'denied') {
      setState({ kind: 'denied' });
      return;
    }
    if (permission !== 'granted') {
      setProblem('The browser did not allow notifications. Turn the switch on again to be asked again.');
      return;
    }
    const reg = await registerServiceWorker();
    const { publicKey } = await utils.client.notification.pushKey.query({ workspaceId });
    const sub = await subscribeBrowser(reg, publicKey);
    await utils.client.notification.subscribePush.mutate({ workspaceId, ...subscriptionInput(sub) });
    setState({ kind: 'on' });
  }, [utils, workspaceId]);

  const turnOff = useCallback(async () => {
    const sub = await (await currentRegistration())?.pushManager.getSubscription();
    if (sub) {
      await utils.client.notification.unsubscribePush
        .mutate({ workspaceId, endpoint: sub.endpoint })
        .catch((e: unknown) => {
          // Already gone from the server (the push service ended it): nothing left to remove.
          if (appCodeOf(e) !== 'NOT_FOUND') throw e;
        });
      if (!(await usedElsewhere(utils, workspaceId, sub.endpoint))) await sub.unsubscribe();
    }
    setState({ kind: 'off' });
  }, [utils, workspaceId]);

  const change = (on: boolean) => {
    setBusy(true);
    setProblem(null);
    (on ? turnOn() : turnOff())
      .catch((e: unknown) => setProblem(messageOf(e)))
      .finally(() => {
        setBusy(false);
        void utils.notification.pushDevices.invalidate({ workspaceId });
      });
  };

  const fixed = state.kind === 'checking' || state.kind === 'unsupported' || state.kind === 'denied';
  const help = state.kind === 'unsupported' ? state.reason : HELP[state.kind];
  return (
    <section className="push-toggle" aria-labelledby={`${id}-label`} data-state={state.kind}>
      <label className="push-switch" id={`${id}-label`}>
        <input
          type="checkbox"
          role="switch"
          checked={state.kind === 'on'}
          disabled={busy || fixed}
          aria-describedby={`${id}-help`}
          onChange={(e) => change(e.currentTarget.checked)}
        />
        Push notifications on this device
      </label>
      <p id={`${id}-help`} className="muted push-help" role="status">
        {busy ? (state.kind === 'on' ? 'Turning off…' : 'Turning on…') : help}
      </p>
      {problem ? (
        <p role="alert" className="form-error">
          {problem}
        </p>
      ) : null}
    </section>
  );
}
