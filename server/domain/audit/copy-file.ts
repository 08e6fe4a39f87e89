import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { parseLine, toLine, type CheckpointCopy } from './copy';

const errno = (e: unknown) => (e as NodeJS.ErrnoException).code;

// The name comes from a checked uuid, so it cannot point outside the directory.
const fileOf = (dir: string, workspaceId: string) => path.join(dir, `${z.uuid().parse(workspaceId)}.ndjson`);

async function ensureDir(dir: string) {
  await mkdir(path.dirname(dir), { recursive: true });
  await mkdir(dir, { mode: 0o700 }).catch((e: unknown) => {
    if (errno(e) !== 'EEXIST') throw e;
  });
}

/** Makes a new file's directory entry durable too (some network filesystems cannot: they are skipped). */
async function syncDir(dir: string) {
  const d = await open(dir, 'r');
  try {
    await d.sync().catch((e: unknown) => {
      if (errno(e) !== 'EINVAL' && errno(e) !== 'ENOTSUP') throw e;
    });
  } finally {
    await d.close();
  }
}

/**
 * The checkpoints as append-only NDJSON files, one per workspace (`<dir>/<workspaceId>.ndjson`, mode
 * 0600), so a verify reads only its own workspace's lines. A directory on a shared volume serves
 * several nodes: whichever node runs the checkpoint job appends.
 */
export function fileCopy(dir: string): CheckpointCopy {
  const root = path.resolve(dir);
  return {
    kind: 'file',
    id: `file:${root}`,

    async append(workspaceId, records) {
      if (records.length === 0) return;
      await ensureDir(root);
      // 'a+' is O_APPEND: every write lands at the end, whoever else has the file open.
      const fh = await open(fileOf(root, workspaceId), 'a+', 0o600);
      let created: boolean;
      try {
        const st = await fh.stat();
        created = st.size === 0;
        if ((st.mode & 0o777) !== 0o600) await fh.chmod(0o600);
        // A line torn by a crash is ended first, so that the next one starts on a line of its own.
        let lead = '';
        if (st.size > 0) {
          const last = Buffer.alloc(1);
          await fh.read(last, 0, 1, st.size - 1);
          if (last[0] !== 0x0a) lead = '\n';
        }
        await fh.appendFile(`${lead}${records.map(toLine).join('\n')}\n`);
        await fh.sync();
      } finally {
        await fh.close();
      }
      if (created) await syncDir(root);
    },

    async *read(workspaceId) {
      let fh;
      try {
        fh = await open(fileOf(root, workspaceId), 'r');
      } catch (e) {
        if (errno(e) === 'ENOENT') return; // nothing copied for this workspace yet
        throw e;
      }
      const input = fh.createReadStream();
      const lines = createInterface({ input, crlfDelay: Infinity });
      try {
        for await (const line of lines) if (line.trim()) yield parseLine(line);
      } finally {
        lines.close();
        input.destroy();
      }
    },
  };
}
