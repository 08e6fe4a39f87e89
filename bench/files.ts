// `file upload` / `file download`: a 20 MB file through the app (gate, type sniffing, segmented
// AES-256-GCM, the local blob store; the download authorised and decrypted per request) against
// the same bytes copied through a bare `node:http` handler that writes the upload to a file and
// streams it back. Both over loopback HTTP from this process. Scanning is off for the run (the
// scan is a job after the upload, not part of it).
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { RunningApp } from '../server/app';
import { callerFor, signUp } from '../test/actors';
import { median, type Figure } from './lib';

const SIZE = 20 * 1024 * 1024;
const PAIRS = 5;
const MB = SIZE / (1024 * 1024);

async function bareServer() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'enclave-bench-bare-'));
  const server = createServer((req, res) => {
    const file = path.join(dir, 'blob');
    if (req.method === 'POST')
      void pipeline(req, createWriteStream(file)).then(() => res.writeHead(201).end('{}'));
    else
      void pipeline(
        createReadStream(file),
        res.writeHead(200, { 'content-type': 'application/octet-stream' }),
      );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () =>
      new Promise<void>((r) => server.close(() => (rmSync(dir, { recursive: true, force: true }), r()))),
  };
}

/** Seconds for one request that sends `body` (or reads the answer whole). */
async function timed(url: string, init: RequestInit): Promise<{ s: number; answer: unknown }> {
  const t0 = performance.now();
  const r = await fetch(url, init);
  const buf = Buffer.from(await r.arrayBuffer());
  if (!r.ok) throw new Error(`${url}: ${r.status} ${buf.toString().slice(0, 200)}`);
  return {
    s: (performance.now() - t0) / 1000,
    answer: init.method === 'POST' ? JSON.parse(buf.toString()) : buf.length,
  };
}

export async function filesBenchmark(app: RunningApp): Promise<Figure[]> {
  const owner = await signUp('File Bench');
  const api = await callerFor(owner);
  const ws = await api.workspace.create({ name: 'Bench files' });
  const [general] = await api.channel.list({ workspaceId: ws.id });
  if (!general) throw new Error('no #general');
  await api.attachment.updateSettings({ workspaceId: ws.id, maxMb: 100 });
  const body = new Uint8Array(randomBytes(SIZE));
  const bare = await bareServer();
  const auth = { authorization: `Bearer ${owner.token}` };
  const upload = () =>
    timed(`${app.url}/api/v1/workspaces/${ws.id}/conversations/${general.id}/files`, {
      method: 'POST',
      headers: { ...auth, 'x-file-name': 'bench.bin' },
      body,
    });
  const bareUpload = () => timed(`${bare.url}/`, { method: 'POST', body });
  try {
    const first = (await upload()).answer as { file: { id: string } };
    // The uploader may fetch their own upload before the scan (scanning is off here: unscanned).
    const download = () =>
      timed(`${app.url}/api/v1/workspaces/${ws.id}/files/${first.file.id}/content`, { headers: auth });
    await bareUpload();
    await download();
    await timed(`${bare.url}/`, {});
    const up: number[] = [];
    const down: number[] = [];
    const bareUp: number[] = [];
    const bareDown: number[] = [];
    const upRatio: number[] = [];
    const downRatio: number[] = [];
    for (let p = 0; p < PAIRS; p++) {
      const a = (await upload()).s;
      const b = (await bareUpload()).s;
      const c = (await download()).s;
      const d = (await timed(`${bare.url}/`, {})).s;
      up.push(MB / a);
      down.push(MB / c);
      bareUp.push(MB / b);
      bareDown.push(MB / d);
      upRatio.push(b / a);
      downRatio.push(d / c);
    }
    return [
      {
        name: 'file upload 20 MB',
        value: median(up),
        unit: 'MB/s',
        baseline: median(bareUp),
        ratio: median(upRatio),
      },
      {
        name: 'file download 20 MB',
        value: median(down),
        unit: 'MB/s',
        baseline: median(bareDown),
        ratio: median(downRatio),
      },
    ];
  } finally {
    await bare.close();
  }
}
