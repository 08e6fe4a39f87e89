import { randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { env } from '../../env';
import { generateVapidKeys, loadOrCreateVapidKeys, publicKeyOf } from '../../lib/push/vapid';
import { vapidKeysFrom, webPushPort, type WebPushPort } from '../../runtime/push';
import { callerFor } from '../../../test/actors';
import { join, person, workspaceWith, type Person, type TestWorkspace } from '../../../test/factories';
import {
  decryptPush,
  newDeviceKeys,
  startPushEndpoint,
  type PushEndpoint,
  type TestDevice,
} from '../../../test/push-endpoint';
import { testRuntime } from '../../../test/runtime';
import { pushPayloadFor } from './push-payload';

// Web push end to end on loopback: subscriptions made through the API with a real browser's keys
// (P-256 and an auth secret), pushes sent by the push port over real HTTPS to a push endpoint that
// checks the VAPID JWT and decrypts the aes128gcm body as the browser would.

let ws: TestWorkspace<{ admin: 1; member: 1 }>;
let other: TestWorkspace;
let alice: Person;
let ep: PushEndpoint;
let port: WebPushPort;

const code = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (e instanceof TRPCError) return e.code;
    throw e;
  }
};
const subscribe = (who: Person, workspaceId: string, d: TestDevice) =>
  who.api.notification.subscribePush({ workspaceId, endpoint: d.endpoint, keys: d.keys });
const devicesOf = (who: Person, workspaceId: string) => who.api.notification.pushDevices({ workspaceId });
const payload = (tag: string) => ({
  title: 'Bob mentioned you',
  body: 'New mention in #general',
  url: '/w/x/c/y',
  tag,
});
/** What the endpoint received for these devices since `from`, in device order. */
const since = (from: number, ...names: string[]) =>
  ep.received
    .slice(from)
    .filter((r) => names.includes(r.device))
    .sort((x, y) => x.device.localeCompare(y.device));

beforeAll(async () => {
  ws = await workspaceWith({ admin: 1, member: 1 }, { name: `Push ${randomUUID().slice(0, 6)}` });
  other = await workspaceWith({}, { name: `Other ${randomUUID().slice(0, 6)}` });
  [alice] = ws.member;
  // The runtime's own key pair (made into DATA_DIR on first use), so pushKey and the port agree.
  ep = await startPushEndpoint(testRuntime().push.publicKey());
  port = webPushPort(testRuntime().tenants, () => vapidKeysFrom(env()), {
    ca: ep.ca,
    allowPrivateAddresses: true,
  });
});
afterAll(async () => {
  port?.close();
  await ep?.close();
});

describe('VAPID keys', () => {
  it('are generated once into DATA_DIR (mode 0600) and served by notification.pushKey', async () => {
    const { publicKey } = await alice.api.notification.pushKey({ workspaceId: ws.id });
    const file = path.join(env().DATA_DIR, 'vapid.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { publicKey: string; privateKey: string };
    expect(stored.publicKey).toBe(publicKey);
    expect(Buffer.from(publicKey, 'base64url')).toHaveLength(65);
    expect(publicKeyOf(stored.privateKey)).toBe(publicKey);
    // Started again (another process on the same folder), the same pair: subscriptions stay valid.
    expect(loadOrCreateVapidKeys(env().DATA_DIR)).toEqual(stored);
    expect(vapidKeysFrom(env()).subject).toBe('mailto:no-reply@enclave.local');
  });
});

describe('delivery', () => {
  it('reaches every browser of the person: the JWT verifies for the endpoint origin, the body decrypts', async () => {
    const [laptop, phone, bobs] = [ep.device('alice-laptop'), ep.device('alice-phone'), ep.device('bob')];
    await subscribe(alice, ws.id, laptop);
    await subscribe(alice, ws.id, phone);
    await subscribe(ws.admin[0], ws.id, bobs);
    const from = ep.received.length;
    const p = payload('mention:1');
    expect(await port.send(ws.id, alice.userId, p)).toEqual({ sent: 2, removed: 0 });
    const got = since(from, 'alice-laptop', 'alice-phone', 'bob');
    expect(got.map((r) => [r.device, r.status, r.error])).toEqual([
      ['alice-laptop', 201, undefined],
      ['alice-phone', 201, undefined],
    ]);
    for (const r of got) {
      expect(r.claims?.aud).toBe(ep.origin);
      expect(JSON.parse(r.plaintext!)).toEqual(p);
      expect(r.headers.urgency).toBe('normal');
      expect(r.headers.topic).toMatch(/^[A-Za-z0-9_-]{32}$/);
    }
    const devices = await devicesOf(alice, ws.id);
    expect(devices.map((d) => d.endpoint).sort()).toEqual([laptop.endpoint, phone.endpoint].sort());
    expect(devices.every((d) => d.lastSentAt !== null && d.lastError === null)).toBe(true);
  });

  it('drops a subscription the push service calls gone (410, 404) and keeps one that failed, with why', async () => {
    const [gone, missing, broken] = [ep.device('gone'), ep.device('missing'), ep.device('broken')];
    const carol = await person('Carol');
    await join(ws, carol, 'member');
    for (const d of [gone, missing, broken]) await subscribe(carol, ws.id, d);
    ep.respond('gone', 410);
    ep.respond('missing', 404);
    ep.respond('broken', 500);
    expect(await port.send(ws.id, carol.userId, payload('mention:2'))).toEqual({ sent: 0, removed: 2 });
    const left = await devicesOf(carol, ws.id);
    expect(left.map((d) => [d.endpoint, d.lastError])).toEqual([[broken.endpoint, 'HTTP 500']]);
    // Nothing left to send to for the gone ones; the broken one is tried again next time.
    ep.respond('broken', 201);
    expect(await port.send(ws.id, carol.userId, payload('mention:3'))).toEqual({ sent: 1, removed: 0 });
    expect((await devicesOf(carol, ws.id))[0]?.lastError).toBeNull();
  });

  it('carries no message text unless the workspace allows previews', async () => {
    const dave = await person('Dave');
    await join(ws, dave, 'member');
    const d = ep.device('dave');
    await subscribe(dave, ws.id, d);
    const secret = `the launch code is ${randomUUID()}`;
    const subject = {
      kind: 'mention' as const,
      conversationName: '#general',
      actorName: 'Bob',
      text: `<@${dave.userId}> ${secret}`,
      names: { [dave.userId]: 'Dave' },
      url: `/w/${ws.slug}/c/${ws.general.id}`,
      tag: `mention:${ws.general.id}`,
    };
    const pushOnce = async () => {
      const settings = (await dave.api.workspace.get({ workspaceId: ws.id })).settings.notifications;
      const from = ep.received.length;
      await port.send(ws.id, dave.userId, pushPayloadFor(subject, settings));
      return since(from, 'dave')[0]?.plaintext ?? '';
    };
    const without = await pushOnce();
    expect(JSON.parse(without)).toEqual({
      title: 'Bob mentioned you',
      body: 'New mention in #general',
      url: subject.url,
      tag: subject.tag,
    });
    expect(without).not.toContain('launch code');
    await ws.api.workspace.update({ workspaceId: ws.id, settings: { notifications: { pushPreview: true } } });
    const withPreview = await pushOnce();
    expect(JSON.parse(withPreview)).toMatchObject({ body: `@Dave ${secret}` });
  });

  it('refuses loopback and private addresses unless allowed (no request is made)', async () => {
    const erin = await person('Erin');
    await join(ws, erin, 'member');
    await subscribe(erin, ws.id, ep.device('erin'));
    const guarded = webPushPort(testRuntime().tenants, () => vapidKeysFrom(env()), { ca: ep.ca });
    try {
      const from = ep.received.length;
      expect(await guarded.send(ws.id, erin.userId, payload('mention:4'))).toEqual({ sent: 0, removed: 0 });
      expect(since(from, 'erin')).toEqual([]);
      expect((await devicesOf(erin, ws.id))[0]?.lastError).toBe('refused: not a public address');
    } finally {
      guarded.close();
    }
  });

  it('is refused by the push service when signed with another key, and never decrypts for another browser', async () => {
    const frank = await person('Frank');
    await join(ws, frank, 'member');
    const d = ep.device('frank');
    await subscribe(frank, ws.id, d);
    const stranger = webPushPort(
      testRuntime().tenants,
      () => ({ ...generateVapidKeys(), subject: 'mailto:stranger@example.test' }),
      { ca: ep.ca, allowPrivateAddresses: true },
    );
    try {
      const from = ep.received.length;
      expect(await stranger.send(ws.id, frank.userId, payload('mention:5'))).toEqual({ sent: 0, removed: 0 });
      expect(since(from, 'frank').map((r) => [r.status, r.error])).toEqual([
        [400, 'k is not the application server key'],
      ]);
      expect((await devicesOf(frank, ws.id))[0]?.lastError).toBe('HTTP 400');
    } finally {
      stranger.close();
    }
    // The body of a real push, decrypted with another browser's keys: authentication fails.
    const from = ep.received.length;
    await port.send(ws.id, frank.userId, payload('mention:6'));
    const [real] = since(from, 'frank');
    expect(real?.status).toBe(201);
    expect(JSON.parse(decryptPush(real!.body, d))).toEqual(payload('mention:6'));
    expect(() => decryptPush(real!.body, newDeviceKeys())).toThrow(/authenticate/);
  });

  it('refuses a payload that would not fit a push, before sending anything', async () => {
    const from = ep.received.length;
    await expect(port.send(ws.id, alice.userId, { ...payload('x'), body: 'x'.repeat(401) })).rejects.toThrow(
      /too long/,
    );
    await expect(
      port.send(ws.id, alice.userId, { ...payload('x'), url: 'https://elsewhere.example/' }),
    ).rejects.toThrow();
    expect(ep.received.length).toBe(from);
  });
});

describe('subscriptions', () => {
  it('accept only https endpoints and real browser keys', async () => {
    const k = newDeviceKeys().keys;
    const offCurve = Buffer.from(k.p256dh, 'base64url');
    offCurve[40]! ^= 1;
    const bad = [
      { endpoint: 'http://push.example.test/x', keys: k },
      { endpoint: 'https://user:pw@push.example.test/x', keys: k },
      { endpoint: 'not a url', keys: k },
      { endpoint: 'https://push.example.test/x', keys: { ...k, p256dh: offCurve.toString('base64url') } },
      { endpoint: 'https://push.example.test/x', keys: { ...k, p256dh: k.p256dh.slice(0, 43) } },
      {
        endpoint: 'https://push.example.test/x',
        keys: { ...k, auth: Buffer.alloc(12).toString('base64url') },
      },
      { endpoint: 'https://push.example.test/x', keys: { ...k, auth: 'not base64url!' } },
    ];
    for (const input of bad)
      expect(
        await code(alice.api.notification.subscribePush({ workspaceId: ws.id, ...input })),
        JSON.stringify(input),
      ).toBe('BAD_REQUEST');
    // Padding is tolerated and dropped.
    const padded = await alice.api.notification.subscribePush({
      workspaceId: ws.id,
      endpoint: `https://push.example.test/padded-${randomUUID()}`,
      keys: { p256dh: `${k.p256dh}=`, auth: `${k.auth}==` },
    });
    expect(padded.endpoint).toMatch(/padded/);
    await alice.api.notification.unsubscribePush({ workspaceId: ws.id, subscriptionId: padded.id });
  });

  it('are each person’s own: by id, by endpoint, one browser one person, at most 20 kept, gone with the membership', async () => {
    const gina = await person('Gina');
    const hal = await person('Hal');
    await join(ws, gina, 'member');
    await join(ws, hal, 'member');
    const shared = ep.device('shared-browser');
    const mine = await subscribe(gina, ws.id, shared);
    // Hal's removing Gina's subscription: not found, by id or by endpoint.
    expect(
      await code(hal.api.notification.unsubscribePush({ workspaceId: ws.id, subscriptionId: mine.id })),
    ).toBe('NOT_FOUND');
    expect(await devicesOf(gina, ws.id)).toHaveLength(1);
    // Hal turns push on in the same browser: it is his now, not Gina's.
    await subscribe(hal, ws.id, shared);
    expect(await devicesOf(gina, ws.id)).toEqual([]);
    expect(await port.send(ws.id, gina.userId, payload('mention:7'))).toEqual({ sent: 0, removed: 0 });
    expect(
      await hal.api.notification.unsubscribePush({ workspaceId: ws.id, endpoint: shared.endpoint }),
    ).toEqual({ removed: 1 });
    expect(
      await code(hal.api.notification.unsubscribePush({ workspaceId: ws.id, endpoint: shared.endpoint })),
    ).toBe('NOT_FOUND');
    // Subscribing the same browser again replaces its keys, not adds a row.
    const again = ep.device('gina-again');
    await subscribe(gina, ws.id, again);
    const renewed = { ...again, ...newDeviceKeys() };
    await subscribe(gina, ws.id, renewed);
    expect((await devicesOf(gina, ws.id)).length).toBe(1);
    // The oldest go past 20.
    for (let i = 0; i < 21; i++) await subscribe(gina, ws.id, ep.device(`gina-${i}`));
    const kept = await devicesOf(gina, ws.id);
    expect(kept).toHaveLength(20);
    expect(kept.map((d) => d.endpoint)).not.toContain(again.endpoint);
    await ws.api.member.remove({ workspaceId: ws.id, userId: gina.userId });
    const rows = await testRuntime().db.admin.pushSubscription.count({ where: { userId: gina.userId } });
    expect(rows).toBe(0);
  });

  it('of workspace A are neither visible nor usable from workspace B', async () => {
    // Alice belongs to both; her browser subscribed in A.
    await join(other, alice, 'member');
    const inA = await devicesOf(alice, ws.id);
    expect(inA.length).toBeGreaterThan(0);
    expect(await devicesOf(alice, other.id)).toEqual([]);
    expect(
      await code(
        alice.api.notification.unsubscribePush({ workspaceId: other.id, subscriptionId: inA[0]!.id }),
      ),
    ).toBe('NOT_FOUND');
    const from = ep.received.length;
    expect(await port.send(other.id, alice.userId, payload('mention:8'))).toEqual({ sent: 0, removed: 0 });
    expect(ep.received.length).toBe(from);
    // B's owner, not in A: A's gate refuses every push procedure.
    const ownerB = await callerFor(other.owner);
    for (const call of [
      () => ownerB.notification.pushDevices({ workspaceId: ws.id }),
      () => ownerB.notification.pushKey({ workspaceId: ws.id }),
      () => ownerB.notification.unsubscribePush({ workspaceId: ws.id, subscriptionId: inA[0]!.id }),
      () =>
        ownerB.notification.subscribePush({
          workspaceId: ws.id,
          endpoint: 'https://push.example.test/b',
          keys: newDeviceKeys().keys,
        }),
    ])
      expect(await code(call())).toBe('NOT_FOUND');
    expect(await devicesOf(alice, ws.id)).toEqual(inA);
  });
});
