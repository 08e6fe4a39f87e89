import { describe, expect, it } from 'vitest';
import { plainMessage } from '../../fixtures/message';
import { fetchable, fileLook, isNewerFile, thumbBox, versionNote, withFile } from './message-files';
import type { ChatFile, Message } from './types';

const file = (over: Partial<ChatFile> = {}): ChatFile => ({
  id: 'f1',
  conversationId: 'c',
  messageId: 'm2',
  uploaderId: 'me',
  version: 1,
  name: 'cat.png',
  size: 100,
  mime: 'image/png',
  kind: 'image',
  status: 'pending',
  thumbnail: false,
  width: 800,
  height: 600,
  createdAt: new Date(1_000_000).toISOString(),
  versionUploaderId: 'me',
  servedVersion: null,
  ...over,
});
const msg = (seq: number, files: ChatFile[] = []): Message =>
  plainMessage({
    id: `m${seq}`,
    conversationId: 'c',
    seq,
    clientMsgId: `client-${seq}`,
    authorId: 'me',
    body: '',
    createdAt: new Date(0).toISOString(),
    files,
  });

describe('withFile: a file:updated applied to the held messages', () => {
  const list = [msg(1), msg(2, [file({ id: 'f0' }), file()]), msg(3)];

  it('replaces the file on its message, keeping its place among the others', () => {
    const next = withFile(list, file({ status: 'clean' }));
    expect(next).not.toBe(list);
    expect(next[1]!.files.map((f) => [f.id, f.status])).toEqual([
      ['f0', 'pending'],
      ['f1', 'clean'],
    ]);
    expect(next[0]).toBe(list[0]);
    expect(next[2]).toBe(list[2]);
    // The message keeps its rev: a later copy from the server is still taken over it.
    expect(next[1]!.rev).toBe(list[1]!.rev);
  });

  it('keeps the same list when nothing held changes', () => {
    expect(withFile(list, file())).toBe(list);
    expect(withFile(list, file({ messageId: null, status: 'clean' }))).toBe(list);
    expect(withFile(list, file({ messageId: 'elsewhere', status: 'clean' }))).toBe(list);
    expect(withFile(list, file({ id: 'unknown', status: 'clean' }))).toBe(list);
  });

  it('never goes back: a late event does not undo a verdict or a thumbnail', () => {
    const done = withFile(list, file({ status: 'clean', thumbnail: true }));
    expect(withFile(done, file({ status: 'clean' }))).toBe(done);
    expect(withFile(done, file())).toBe(done);
    // A new version starts over.
    const v2 = withFile(done, file({ version: 2 }));
    expect(v2[1]!.files[1]).toMatchObject({ version: 2, status: 'pending' });
  });
});

describe('isNewerFile', () => {
  it('orders by version, then scanned, then thumbnail', () => {
    expect(isNewerFile(file({ status: 'clean' }), file())).toBe(true);
    expect(isNewerFile(file({ status: 'infected' }), file())).toBe(true);
    expect(isNewerFile(file({ status: 'clean', thumbnail: true }), file({ status: 'clean' }))).toBe(true);
    expect(isNewerFile(file(), file())).toBe(false);
    expect(isNewerFile(file({ version: 2 }), file({ status: 'clean', thumbnail: true }))).toBe(true);
  });
});

describe('thumbBox', () => {
  it('fits the picture in the box, keeping its proportions, never enlarging it', () => {
    expect(thumbBox(800, 600)).toEqual({ width: 360, height: 270 });
    expect(thumbBox(600, 1200)).toEqual({ width: 135, height: 270 });
    expect(thumbBox(100, 50)).toEqual({ width: 100, height: 50 });
    expect(thumbBox(4000, 10)).toEqual({ width: 360, height: 1 });
  });
  it('gives a box of its own when the size is unknown', () => {
    expect(thumbBox(null, null)).toEqual({ width: 240, height: 180 });
    expect(thumbBox(0, 10)).toEqual({ width: 240, height: 180 });
  });
});

describe('fileLook', () => {
  const at = Date.parse(file().createdAt);
  it('shows scanned pictures with thumbnails as pictures', () => {
    expect(fileLook(file({ status: 'clean', thumbnail: true }), at)).toBe('image');
    expect(fileLook(file({ status: 'unscanned', thumbnail: true }), at)).toBe('image');
  });
  it('waits while the scan runs, and a little while for the thumbnail', () => {
    expect(fileLook(file(), at + 3_600_000)).toBe('waiting');
    expect(fileLook(file({ status: 'clean' }), at + 1_000)).toBe('waiting');
    expect(fileLook(file({ status: 'clean' }), at + 10 * 60_000)).toBe('card');
  });
  it('shows blocked pictures, other kinds and pictures without previews as cards', () => {
    expect(fileLook(file({ status: 'infected' }), at)).toBe('card');
    expect(fileLook(file({ status: 'blocked' }), at)).toBe('card');
    expect(fileLook(file({ kind: 'file', mime: 'text/plain' }), at)).toBe('card');
    expect(fileLook(file({ mime: 'image/svg+xml' }), at)).toBe('card');
  });
  it('shows a PDF by its first page once it has one, and as a card (which opens it) until then', () => {
    const pdf = (over: Partial<ChatFile> = {}) =>
      file({ kind: 'pdf', mime: 'application/pdf', name: 'report.pdf', ...over });
    expect(fileLook(pdf({ status: 'clean', thumbnail: true }), at)).toBe('image');
    expect(fileLook(pdf({ status: 'unscanned', thumbnail: true }), at)).toBe('image');
    expect(fileLook(pdf(), at)).toBe('card');
    expect(fileLook(pdf({ status: 'clean' }), at + 1_000)).toBe('card');
    expect(fileLook(pdf({ status: 'infected', thumbnail: true }), at)).toBe('card');
  });
});

describe('fetchable', () => {
  it('lets the uploader fetch a file being scanned, others only once it is let through', () => {
    expect(fetchable(file(), 'me')).toBe(true);
    expect(fetchable(file(), 'other')).toBe(false);
    expect(fetchable(file({ status: 'clean', servedVersion: 1 }), 'other')).toBe(true);
    expect(fetchable(file({ status: 'unscanned', servedVersion: 1 }), 'other')).toBe(true);
    expect(fetchable(file({ status: 'infected' }), 'me')).toBe(false);
    expect(fetchable(file({ status: 'blocked' }), 'me')).toBe(false);
  });
  it('lets everyone fetch the version before while a new one is scanned or blocked', () => {
    const v2 = (over: Partial<ChatFile>) => file({ version: 2, versionUploaderId: 'them', ...over });
    expect(fetchable(v2({ status: 'pending', servedVersion: 1 }), 'other')).toBe(true);
    expect(fetchable(v2({ status: 'infected', servedVersion: 1 }), 'other')).toBe(true);
    expect(fetchable(v2({ status: 'infected', servedVersion: null }), 'other')).toBe(false);
    // The pending version is its own uploader's to fetch, whoever uploaded the first.
    expect(fetchable(v2({ status: 'pending', servedVersion: null }), 'them')).toBe(true);
    expect(fetchable(v2({ status: 'pending', servedVersion: null }), 'me')).toBe(false);
  });
});

describe('versionNote and the look of a new version', () => {
  const v2 = (over: Partial<ChatFile>) =>
    file({ kind: 'file', mime: 'text/plain', version: 2, versionUploaderId: 'them', ...over });
  it('says nothing of a first version, and names a later one', () => {
    expect(versionNote(file({ status: 'clean', servedVersion: 1 }), 'me')).toBeNull();
    expect(versionNote(v2({ status: 'clean', servedVersion: 2 }), 'me')).toBe('v2');
    expect(versionNote(v2({ status: 'pending', servedVersion: 1 }), 'them')).toBe('v2');
  });
  it('says which version a download gives while the new one is scanned or was blocked', () => {
    expect(versionNote(v2({ status: 'pending', servedVersion: 1 }), 'me')).toBe(
      'v2 is being scanned: downloads give v1',
    );
    expect(versionNote(v2({ status: 'infected', servedVersion: 1 }), 'me')).toBe(
      'v2 was blocked: downloads give v1',
    );
  });
  it('shows a picture whose new version is being scanned as a card, from which v1 downloads', () => {
    const at = Date.parse(file().createdAt);
    expect(fileLook(file({ version: 2, status: 'pending', servedVersion: 1 }), at)).toBe('card');
    expect(fileLook(file({ version: 2, status: 'pending', servedVersion: null }), at)).toBe('waiting');
  });
});
