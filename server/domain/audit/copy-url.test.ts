import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setEnvForProcess } from '../../env';
import { asOwner, auditedWorkspace, verifyWith } from '../../../test/audit';
import { testRuntime } from '../../../test/runtime';

// The external copy at an http(s) URL (AUDIT_COPY_URL), against a real HTTP service on loopback
// that keeps what it is sent: a POST per checkpoint, a GET ?workspaceId=… answering NDJSON.

const AUTH = `Basic ${Buffer.from('audit:s3cret/+').toString('base64')}`;

const service = {
  lines: new Map<string, string[]>(),
  refuseWrites: false,
  refuseReads: false,
  unauthorised: 0,
};
let server: Server;

const body = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

beforeAll(async () => {
  server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://copy.test');
      if (req.headers.authorization !== AUTH) {
        service.unauthorised++;
        res.writeHead(401).end();
      } else if (url.pathname !== '/store/checkpoints') {
        res.writeHead(404).end();
      } else if (req.method === 'POST') {
        const line = JSON.parse(await body(req)) as { workspaceId: string };
        if (service.refuseWrites) return void res.writeHead(503).end();
        service.lines.set(line.workspaceId, [
          ...(service.lines.get(line.workspaceId) ?? []),
          JSON.stringify(line),
        ]);
        res.writeHead(204).end();
      } else if (service.refuseReads) {
        res.writeHead(500).end();
      } else {
        const lines = service.lines.get(url.searchParams.get('workspaceId') ?? '') ?? [];
        res.writeHead(200, { 'content-type': 'application/x-ndjson' });
        res.end(lines.map((l) => `${l}\n`).join(''));
      }
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  // Credentials in the URL, with characters that need escaping there.
  setEnvForProcess({ AUDIT_COPY_URL: `http://audit:s3cret%2F%2B@127.0.0.1:${port}/store/checkpoints` });
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

const seqs = (workspaceId: string) =>
  (service.lines.get(workspaceId) ?? []).map((l) => (JSON.parse(l) as { seq: string }).seq);

describe('the external copy at a URL', () => {
  it('posts each checkpoint once, authenticated, and verify reads them back', async () => {
    const w = await auditedWorkspace(3);
    await w.checkpoint();
    await w.grow(2);
    await w.checkpoint();
    await w.checkpoint();
    expect(seqs(w.ws.id)).toEqual(['3', '5']);
    const signed = await testRuntime().db.admin.auditCheckpoint.findMany({
      where: { workspaceId: w.ws.id },
      orderBy: { seq: 'asc' },
    });
    expect(service.lines.get(w.ws.id)?.map((l) => JSON.parse(l) as unknown)).toEqual(
      signed.map((c) => ({
        workspaceId: w.ws.id,
        seq: c.seq.toString(),
        hash: c.hash,
        signature: c.signature,
        createdAt: c.createdAt.toISOString(),
      })),
    );
    expect(service.unauthorised).toBe(0);
    // The position is kept under the URL without its credentials.
    const marks = await testRuntime().db.admin.auditCheckpointCopy.findMany({
      where: { workspaceId: w.ws.id },
    });
    expect(marks.map((m) => [m.sink, m.seq])).toEqual([
      [expect.stringMatching(/^url:http:\/\/127\.0\.0\.1:\d+\/store\/checkpoints$/), 5n],
    ]);
    expect(await w.verify()).toMatchObject({
      ok: true,
      copy: { kind: 'url', consulted: true, agrees: true, checkpoints: 2, newestSeq: '5' },
      warnings: [],
    });
  });

  it('finds the newest checkpoint and the entries it signs cut by the owner', async () => {
    const w = await auditedWorkspace(3);
    await w.checkpoint();
    await w.grow(2);
    await w.checkpoint();
    await asOwner([
      ['DELETE FROM audit_event WHERE workspace_id = $1 AND seq > 3', [w.ws.id]],
      ['DELETE FROM audit_checkpoint WHERE workspace_id = $1 AND seq = 5', [w.ws.id]],
    ]);
    expect(await w.verify()).toMatchObject({
      ok: false,
      brokenAt: '4',
      reason: 'entries from 4 on are missing, and so is the checkpoint at 5 (the external copy has it)',
      copy: { kind: 'url', agrees: false },
    });
  });

  it('keeps what the service refused and sends it, oldest first, once the service is back', async () => {
    const w = await auditedWorkspace(2);
    service.refuseWrites = true;
    await w.checkpoint();
    await w.grow(1);
    await w.checkpoint();
    expect(seqs(w.ws.id)).toEqual([]);
    expect(
      (await testRuntime().db.admin.auditCheckpoint.findMany({ where: { workspaceId: w.ws.id } })).length,
    ).toBe(2);
    const behind = await verifyWith(w.ws.id, { now: new Date(Date.now() + 600_000) });
    expect(behind.warnings).toContainEqual(
      expect.stringMatching(
        /^The external copy lacks the checkpoints from 2 on, the first signed 10 minutes ago/,
      ),
    );
    service.refuseWrites = false;
    await w.checkpoint();
    expect(seqs(w.ws.id)).toEqual(['2', '3']);
    expect(await w.verify()).toMatchObject({
      ok: true,
      copy: { agrees: true, checkpoints: 2 },
      warnings: [],
    });
  });

  it('checks against the database alone, and says so, when the copy cannot be read', async () => {
    const w = await auditedWorkspace(2);
    await w.checkpoint();
    service.refuseReads = true;
    try {
      expect(await w.verify()).toMatchObject({
        ok: true,
        copy: { kind: 'url', consulted: false, agrees: null },
        warnings: [
          'The external copy of the checkpoints could not be read, so the log was checked against the database alone (the server log says why).',
        ],
      });
    } finally {
      service.refuseReads = false;
    }
  });
});
