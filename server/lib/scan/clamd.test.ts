import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { ZipArchive } from 'archiver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/net';
import {
  clamdScanner,
  parseClamdAddress,
  ping,
  scanStream,
  ScanUnavailable,
  verdictOf,
  type ClamdAddress,
} from './clamd';
import { CLAMD_BINARY, startClamd, type ClamdProcess } from './daemon';

// Debian's clamd with our own configuration and signatures, started for this file. Signatures
// from a database outside the official (signed) ones are reported with `.UNOFFICIAL` appended.

const MiB = 1024 * 1024;
const STREAM_MAX = 8 * MiB;
const OURS = 'Enclave.Test.EICAR.UNOFFICIAL';
// Put together at run time so that no file of the repository holds the test file whole.
const eicar = () => Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-' + 'ANTIVIRUS-TEST-FILE!$H+H*');
// A harmless text that an extra database (databaseDirs) names by its MD5.
const marked = Buffer.from('enclave: a harmless file that the extra test database names\n');

let tmp: string;
let daemon: ClamdProcess;
beforeAll(async () => {
  expect(existsSync(CLAMD_BINARY), 'clamd is not installed: apt-get install clamav-daemon').toBe(true);
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'enclave-clamd-test-'));
  const extra = path.join(tmp, 'extra');
  await fs.mkdir(extra);
  const md5 = createHash('md5').update(marked).digest('hex');
  await fs.writeFile(path.join(extra, 'extra.hdb'), `${md5}:${marked.length}:Enclave.Test.Extra\n`);
  const started = await startClamd({
    dir: path.join(tmp, 'clamav'),
    databaseDirs: [extra],
    streamMaxBytes: STREAM_MAX,
  });
  if (!started) throw new Error('startClamd returned null with clamd installed');
  daemon = started;
});

afterAll(async () => {
  await daemon?.stop();
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

async function zipped(entries: [name: string, content: Buffer][]): Promise<Buffer> {
  const z = new ZipArchive({ zlib: { level: 9 } });
  const chunks: Buffer[] = [];
  z.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((r) => z.on('end', r));
  for (const [name, content] of entries) z.append(content, { name });
  await z.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** `total` bytes of text in pieces of `piece` bytes, then `last`. */
function stream(total: number, piece = 256 * 1024, last = Buffer.alloc(0)): Readable {
  return Readable.from(
    (function* () {
      for (let sent = 0; sent < total; sent += piece)
        yield Buffer.alloc(Math.min(piece, total - sent), 'lorem ipsum ');
      yield last;
    })(),
  );
}

const unavailable = (p: Promise<unknown>) => expect(p).rejects.toBeInstanceOf(ScanUnavailable);

describe('clamd scanning', () => {
  it('answers PING, and ready() says so', async () => {
    expect(await ping(daemon.address)).toBe(true);
    expect(await clamdScanner(daemon.address).ready()).toBe(true);
  });

  it('finds a clean buffer clean', async () => {
    expect(await scanStream(daemon.address, [Buffer.from('hello, world\n')])).toEqual({ kind: 'clean' });
    expect(await clamdScanner(daemon.address).scan([Buffer.from('plain')])).toEqual({ kind: 'clean' });
  });

  it('finds EICAR with our signature, alone and in the middle of other bytes', async () => {
    expect(await scanStream(daemon.address, [eicar()])).toEqual({ kind: 'infected', signature: OURS });
    const wrapped = [Buffer.from('before '), eicar(), Buffer.from(' after')];
    expect(await scanStream(daemon.address, wrapped)).toEqual({ kind: 'infected', signature: OURS });
  });

  it('finds EICAR inside a ZIP (clamd unpacks archives)', async () => {
    const zip = await zipped([
      ['readme.txt', Buffer.from('nothing to see')],
      ['inner/eicar.txt', eicar()],
    ]);
    expect(zip.includes(eicar())).toBe(false);
    expect(await scanStream(daemon.address, Readable.from([zip]))).toEqual({
      kind: 'infected',
      signature: OURS,
    });
    const clean = await zipped([['readme.txt', Buffer.from('nothing to see')]]);
    expect(await scanStream(daemon.address, [clean])).toEqual({ kind: 'clean' });
  });

  it('streams a large clean body in chunks, all of it: EICAR at its very end is found', async () => {
    expect(await scanStream(daemon.address, stream(5 * MiB))).toEqual({ kind: 'clean' });
    const infected = { kind: 'infected', signature: OURS };
    expect(await scanStream(daemon.address, stream(5 * MiB, 300 * 1024, eicar()))).toEqual(infected);
    // One piece far over a chunk (64 KiB), the test file at its end: it goes as many chunks.
    const piece = Buffer.concat([Buffer.alloc(MiB, 'lorem ipsum '), eicar()]);
    expect(await scanStream(daemon.address, [piece])).toEqual(infected);
  });

  it('uses the signatures of databaseDirs too', async () => {
    expect(await scanStream(daemon.address, [marked])).toEqual({
      kind: 'infected',
      signature: 'Enclave.Test.Extra.UNOFFICIAL',
    });
  });

  it('refuses a stream over StreamMaxLength with ScanUnavailable', async () => {
    const err = await scanStream(daemon.address, stream(STREAM_MAX + MiB)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScanUnavailable);
    expect((err as ScanUnavailable).reason).toMatch(/StreamMaxLength/);
    // The daemon is still there for the next file.
    expect(await scanStream(daemon.address, [Buffer.from('next')])).toEqual({ kind: 'clean' });
  });

  it('calls an archive that unpacks beyond the limits unscannable, not clean', async () => {
    // Zeros zip to almost nothing, but unpack beyond MaxScanSize (4 × StreamMaxLength).
    const bomb = await zipped([['zeros.bin', Buffer.alloc(5 * STREAM_MAX)]]);
    expect(bomb.length).toBeLessThan(STREAM_MAX);
    const err = await scanStream(daemon.address, [bomb]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScanUnavailable);
    expect((err as ScanUnavailable).reason).toMatch(/Heuristics\.Limits\.Exceeded/);
  });

  it('scans an archive entry to its end, even one that unpacks larger than the stream', async () => {
    // clamd would scan only the head of an entry over MaxFileSize, and say OK.
    const big = Buffer.concat([Buffer.alloc(3 * STREAM_MAX, 'lorem ipsum '), eicar()]);
    const zip = await zipped([['big.txt', big]]);
    expect(zip.includes(eicar())).toBe(false);
    expect(await scanStream(daemon.address, [zip])).toEqual({ kind: 'infected', signature: OURS });
  });

  it('rethrows the body’s own error as it is', async () => {
    const broken = Readable.from(
      (async function* () {
        yield Buffer.from('some bytes');
        await Promise.resolve();
        throw new Error('upload aborted');
      })(),
    );
    const err = await scanStream(daemon.address, broken).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(ScanUnavailable);
    expect((err as Error).message).toBe('upload aborted');
  });
});

describe('clamd unavailable', () => {
  it('fails fast with ScanUnavailable where nothing listens', async () => {
    const t0 = Date.now();
    const port = await freePort();
    const nowhere: ClamdAddress[] = [
      { host: '127.0.0.1', port },
      { socket: path.join(tmp, 'nobody-here.sock') },
    ];
    for (const a of nowhere) {
      await unavailable(scanStream(a, [eicar()]));
      expect(await ping(a)).toBe(false);
      expect(await clamdScanner(a).ready()).toBe(false);
    }
    expect(Date.now() - t0).toBeLessThan(2_000);
  });

  it('gives up on a daemon that accepts but never answers', async () => {
    const silent = net.createServer((s) => s.resume());
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const t0 = Date.now();
      const err = await scanStream({ host: '127.0.0.1', port }, [Buffer.from('x')], { timeoutMs: 300 }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ScanUnavailable);
      expect((err as ScanUnavailable).reason).toMatch(/silent for 300 ms/);
      expect(Date.now() - t0).toBeLessThan(2_000);
      expect(await ping({ host: '127.0.0.1', port }, 300)).toBe(false);
    } finally {
      silent.close();
    }
  });

  it('turns every answer but a verdict into ScanUnavailable', () => {
    expect(verdictOf('stream: OK')).toEqual({ kind: 'clean' });
    expect(verdictOf('stream: Win.Test.X FOUND')).toEqual({ kind: 'infected', signature: 'Win.Test.X' });
    for (const reply of [
      'INSTREAM size limit exceeded. ERROR',
      'stream: Can not open file ERROR',
      'stream: Heuristics.Limits.Exceeded.MaxScanTime FOUND',
      'UNKNOWN COMMAND',
      '',
    ])
      expect(() => verdictOf(reply), reply).toThrow(ScanUnavailable);
  });
});

describe('startClamd', () => {
  it('is null without the binary', async () => {
    const dir = path.join(tmp, 'missing');
    expect(await startClamd({ dir, binary: path.join(tmp, 'no-such-clamd') })).toBeNull();
    expect(existsSync(dir)).toBe(false);
  });

  it('rejects with what the daemon said when it exits at once', async () => {
    const fake = path.join(tmp, 'fake-clamd');
    await fs.writeFile(fake, '#!/bin/sh\necho "ERROR: cannot read config" >&2\nexit 2\n', { mode: 0o755 });
    await expect(startClamd({ dir: path.join(tmp, 'fake'), binary: fake })).rejects.toThrow(
      /exit code 2.*cannot read config/s,
    );
  });

  it('puts the socket under the temp directory when dir is too long for one, and stop() removes it', async () => {
    const long = path.join(tmp, 'd'.repeat(60), 'e'.repeat(60));
    const d = await startClamd({ dir: long });
    if (!d || !('socket' in d.address)) throw new Error('expected a daemon on a unix socket');
    const { socket } = d.address;
    expect(Buffer.byteLength(socket)).toBeLessThanOrEqual(107);
    expect(socket.startsWith(os.tmpdir())).toBe(true);
    expect(await scanStream(d.address, [eicar()])).toEqual({ kind: 'infected', signature: OURS });
    await d.stop();
    expect(existsSync(socket)).toBe(false);
    expect(existsSync(path.dirname(socket))).toBe(false);
    expect(await ping(d.address)).toBe(false);
  });
});

describe('parseClamdAddress', () => {
  it('reads a socket path or host:port', () => {
    expect(parseClamdAddress('/run/clamav/clamd.ctl')).toEqual({ socket: '/run/clamav/clamd.ctl' });
    expect(parseClamdAddress('./data/clamd.sock')).toEqual({ socket: './data/clamd.sock' });
    expect(parseClamdAddress('unix:/tmp/c.sock')).toEqual({ socket: '/tmp/c.sock' });
    expect(parseClamdAddress('clamav:3310')).toEqual({ host: 'clamav', port: 3310 });
    expect(parseClamdAddress(' 127.0.0.1:3310 ')).toEqual({ host: '127.0.0.1', port: 3310 });
    expect(parseClamdAddress('[::1]:3310')).toEqual({ host: '::1', port: 3310 });
  });

  it('refuses anything else', () => {
    for (const bad of [
      '',
      'unix:',
      'clamav',
      'clamav:',
      'clamav:0',
      'clamav:65536',
      'clamav:33a',
      '::1:3310',
      'a:b:1',
    ])
      expect(() => parseClamdAddress(bad), bad).toThrow(/not a clamd address/);
  });
});
