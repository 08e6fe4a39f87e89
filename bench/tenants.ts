// `many tenants`: acknowledged messages per second with 1,000 workspaces of two senders each, all
// writing at once (each sender in a closed loop into its workspace's #general), so the batcher has
// little to group and every tenant's gate, key and sequence are touched. Baseline: the same number
// of raw writers over `pg`, each message one single-row transaction (autocommit INSERT) into its own
// conversation. Subject and baseline alternate in pairs.
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import type { RunningApp } from '../server/app';
import { callerFor, crowd, type TestUser } from '../test/actors';
import { testRuntime } from '../test/runtime';
import type { SendParams, SendResult } from './load/send';
import { cpuWindowAfter, median, pct, runMeasured, SATURATED, type Figure } from './lib';
import { lastSeqs, saveSeqs } from './raw-batcher';
import { pool } from './setup';

const WORKSPACES = 1000;
const WARMUP_MS = 2000;
const WINDOW_MS = 8000;
const PAIRS = 3;

interface Tenant {
  workspaceId: string;
  conversationId: string;
  senders: [TestUser, TestUser];
}

async function tenants(): Promise<Tenant[]> {
  const people = await crowd(WORKSPACES * 2, 'tenant');
  return pool(
    Array.from({ length: WORKSPACES }, (_, i) => i),
    8,
    async (i): Promise<Tenant> => {
      const owner = people[2 * i] as TestUser;
      const member = people[2 * i + 1] as TestUser;
      const api = await callerFor(owner);
      const ws = await api.workspace.create({ name: `Tenant ${i}` });
      const { token } = await api.member.invite({ workspaceId: ws.id, role: 'member' });
      await (await callerFor(member)).member.accept({ token });
      const [general] = await api.channel.list({ workspaceId: ws.id });
      if (!general) throw new Error('no #general');
      return { workspaceId: ws.id, conversationId: general.id, senders: [owner, member] };
    },
  );
}

async function appSide(all: Tenant[], app: RunningApp, dataDir: string) {
  const senders = all.flatMap((t) => t.senders.map((u) => ({ u, t })));
  const { result: r, cpu: side } = await runMeasured<SendResult>(
    'load/send.ts',
    {
      url: app.url,
      workspaceId: all[0]?.workspaceId ?? '',
      conversationId: all[0]?.conversationId ?? '',
      tokens: senders.map((s) => s.u.token),
      targets: senders.map((s) => ({ workspaceId: s.t.workspaceId, conversationId: s.t.conversationId })),
      warmupMs: WARMUP_MS,
      windowMs: WINDOW_MS,
    } satisfies SendParams,
    dataDir,
  );
  const errors = Object.entries(r.errors).map(([k, v]) => `${k} ×${v}`);
  return {
    perSecond: r.acked / r.seconds,
    saturated: r.cpu > SATURATED,
    note:
      `generator ${pct(r.cpu)}, server ${pct(side.server)}, PostgreSQL ${pct(side.postgres)}, ack p99 ${r.ackP99.toFixed(1)} ms` +
      (errors.length ? `, errors ${errors.join(', ')}` : ''),
  };
}

/** Raw writers: one per sender, each message one autocommit INSERT, over a pool the app's size. */
async function rawSide(all: Tenant[], dataDir: string) {
  const db = new pg.Pool({ connectionString: testRuntime().db.adminUrl, max: 10 });
  const seqs = await lastSeqs(
    db,
    all.map((t) => t.conversationId),
  );
  const from = performance.now() + WARMUP_MS;
  const until = from + WINDOW_MS;
  let done = 0;
  const window = cpuWindowAfter(dataDir, WARMUP_MS, WINDOW_MS);
  // Every row its own ciphertext and MAC, as the app writes them (a value shared by thousands of
  // rows would skew the planner's statistics on the duplicate index).
  const body = () => randomBytes(120);
  await Promise.all(
    all.flatMap((t) =>
      t.senders.map(async (u) => {
        while (performance.now() < until) {
          const seq = (seqs.get(t.conversationId) ?? 0) + 1;
          seqs.set(t.conversationId, seq);
          await db.query(
            `INSERT INTO message (id, workspace_id, conversation_id, seq, rev, author_id, client_msg_id, body,
               key_version, search_tokens, body_mac, created_at)
             VALUES ($1, $2, $3, $4, $4, $5, $6, $7, 1, '{}', $8, now())`,
            [
              randomUUID(),
              t.workspaceId,
              t.conversationId,
              seq,
              u.userId,
              `raw-${randomUUID()}`,
              body(),
              body(),
            ],
          );
          const at = performance.now();
          if (at >= from && at < until) done++;
        }
      }),
    ),
  );
  const cpu = await window;
  // Later sends must continue each conversation's sequence.
  await saveSeqs(db, seqs);
  await db.end();
  return {
    perSecond: done / (WINDOW_MS / 1000),
    note: `writer ${pct(cpu.server)}, PostgreSQL ${pct(cpu.postgres)}`,
  };
}

export async function tenantsBenchmark(app: RunningApp, dataDir: string): Promise<Figure[]> {
  const all = await tenants();
  const pairs: { app: Awaited<ReturnType<typeof appSide>>; raw: Awaited<ReturnType<typeof rawSide>> }[] = [];
  for (let i = 0; i < PAIRS; i++)
    pairs.push({ app: await appSide(all, app, dataDir), raw: await rawSide(all, dataDir) });
  const ratios = pairs.map((p) => p.app.perSecond / p.raw.perSecond);
  return [
    {
      name: 'many tenants',
      value: median(pairs.map((p) => p.app.perSecond)),
      unit: 'msg/s',
      baseline: median(pairs.map((p) => p.raw.perSecond)),
      ratio: median(ratios),
      ...(pairs.some((p) => p.app.saturated) ? { valid: false as const } : {}),
      note:
        `${WORKSPACES} workspaces × 2 senders; ${PAIRS} pairs, per-pair ratios ${ratios.map((r) => r.toFixed(2)).join(', ')}; ` +
        pairs
          .map(
            (p, i) =>
              `pair ${i + 1}: app ${p.app.perSecond.toFixed(0)} msg/s (${p.app.note}), raw ${p.raw.perSecond.toFixed(0)} msg/s (${p.raw.note})`,
          )
          .join('; '),
    },
  ];
}
