import { describe, expect, it } from 'vitest';
import { accentStyle } from './accent';
import { FrameBridge, parseHostMessage, type HostMessage } from './frame-bridge';
import { hostReducer, initialHostState } from './host-state';

const HOST = 'https://app.example.com';

/** A frame window whose parent records what the frame posts, and that can deliver messages. */
function fakeFrame() {
  const posted: { msg: unknown; target: string }[] = [];
  const parent = { postMessage: (msg: unknown, target: string) => posted.push({ msg, target }) };
  let listener: ((e: MessageEvent) => void) | null = null;
  const win = {
    parent,
    addEventListener: (_: string, fn: (e: MessageEvent) => void) => (listener = fn),
    removeEventListener: () => (listener = null),
  } as unknown as Window;
  const deliver = (data: unknown, origin = HOST, source: unknown = parent) =>
    listener?.({ data, origin, source } as MessageEvent);
  return { win, posted, deliver };
}

describe('the host theme', () => {
  it('is read from init (an unknown value is dropped, not the init) and kept in the host state', () => {
    const init = parseHostMessage({ enclave: 1, type: 'init', token: null, theme: 'dark' });
    expect(init).toEqual({ type: 'init', token: null, theme: 'dark' });
    expect(parseHostMessage({ enclave: 1, type: 'init', token: null, theme: 'neon' })).toEqual({
      type: 'init',
      token: null,
    });
    const s = hostReducer(initialHostState, { msg: init!, origin: HOST });
    expect(s.theme).toBe('dark');
    // A repeated init (same identity) still updates the theme.
    const again = hostReducer(s, { msg: { type: 'init', token: null, theme: 'light' }, origin: HOST });
    expect(again.theme).toBe('light');
    expect(again.auth).toBe(s.auth);
  });
});

describe('parseHostMessage', () => {
  it('accepts the documented messages', () => {
    expect(parseHostMessage({ enclave: 1, type: 'init', token: null })).toEqual({
      type: 'init',
      token: null,
    });
    expect(parseHostMessage({ enclave: 1, type: 'identify', token: 't' })).toEqual({
      type: 'identify',
      token: 't',
    });
    expect(parseHostMessage({ enclave: 1, type: 'visibility', open: true })).toEqual({
      type: 'visibility',
      open: true,
    });
    expect(
      parseHostMessage({ enclave: 1, type: 'open', subject: { type: 'invoice', id: '42' }, title: ' Inv ' }),
    ).toEqual({ type: 'open', subject: { type: 'invoice', id: '42' }, title: 'Inv' });
    expect(parseHostMessage({ enclave: 1, type: 'open' })).toEqual({ type: 'open' });
  });

  it('keeps the page a message names only when it is an http(s) URL, never dropping the message', () => {
    const page = 'https://shop.example/billing';
    expect(parseHostMessage({ enclave: 1, type: 'visibility', open: true, page })).toEqual({
      type: 'visibility',
      open: true,
      page,
    });
    for (const bad of ['javascript:alert(1)', 'https://a b', 42, `https://x.example/${'a'.repeat(2100)}`])
      expect(parseHostMessage({ enclave: 1, type: 'open', page: bad })).toEqual({ type: 'open' });
  });

  it('ignores anything else', () => {
    for (const bad of [
      null,
      'init',
      { type: 'init', token: null },
      { enclave: 2, type: 'init', token: null },
      { enclave: 1, type: 'init' },
      { enclave: 1, type: 'identify', token: null },
      { enclave: 1, type: 'visibility', open: 'yes' },
      { enclave: 1, type: 'open', subject: { type: 'invoice' } },
      { enclave: 1, type: 'ready' },
    ])
      expect(parseHostMessage(bad)).toBeNull();
  });
});

describe('FrameBridge', () => {
  it('announces itself to any origin, holds early messages until the allow-list is known', () => {
    const f = fakeFrame();
    const got: HostMessage[] = [];
    const bridge = new FrameBridge();
    bridge.start(f.win, (m) => got.push(m));
    expect(f.posted).toEqual([{ msg: { enclave: 1, type: 'loaded' }, target: '*' }]);

    f.deliver({ enclave: 1, type: 'init', token: 'early' });
    expect(got).toEqual([]);
    bridge.allow([HOST]);
    expect(got).toEqual([{ type: 'init', token: 'early' }]);

    bridge.post({ type: 'unread', count: 2 });
    expect(f.posted.at(-1)).toEqual({ msg: { enclave: 1, type: 'unread', count: 2 }, target: HOST });
  });

  it('drops messages from other windows, other origins, or a second allowed origin', () => {
    const f = fakeFrame();
    const got: HostMessage[] = [];
    const bridge = new FrameBridge();
    bridge.start(f.win, (m) => got.push(m));
    bridge.allow([HOST, 'https://other.example.com']);
    f.deliver({ enclave: 1, type: 'init', token: null }, HOST, {});
    f.deliver({ enclave: 1, type: 'init', token: null }, 'https://evil.example.com');
    expect(got).toEqual([]);
    // Nobody is known yet: nothing is sent.
    bridge.post({ type: 'close' });
    expect(f.posted).toHaveLength(1);

    f.deliver({ enclave: 1, type: 'init', token: null });
    f.deliver({ enclave: 1, type: 'visibility', open: true }, 'https://other.example.com');
    expect(got).toEqual([{ type: 'init', token: null }]);
  });
});

describe('hostReducer', () => {
  const step = (s: typeof initialHostState, msg: HostMessage) => hostReducer(s, { msg, origin: HOST });

  it('asks for a session per new identity and forgets a record opened for the previous one', () => {
    let s = step(initialHostState, { type: 'init', token: null });
    expect(s.origin).toBe(HOST);
    const first = s.auth;
    s = step(s, { type: 'init', token: null });
    expect(s.auth).toBe(first);
    s = step(s, { type: 'open', subject: { type: 'invoice', id: '1' } });
    expect(s.open?.subject).toEqual({ type: 'invoice', id: '1' });
    s = step(s, { type: 'identify', token: 'tok' });
    expect(s.auth).toEqual({ seq: s.seq, token: 'tok' });
    expect(s.open).toBeNull();
  });

  it('tells repeated open requests apart', () => {
    const a = step(initialHostState, { type: 'open' });
    const b = step(a, { type: 'open' });
    expect(b.open?.seq).not.toBe(a.open?.seq);
  });
});

describe('accentStyle', () => {
  it('picks white or black text by contrast', () => {
    expect(accentStyle('#4f46e5')).toMatchObject({ '--accent': '#4f46e5', '--accent-fg': '#ffffff' });
    expect(accentStyle('#ffeb3b')).toMatchObject({ '--accent-fg': '#000000' });
    expect(accentStyle('not a colour')).toMatchObject({ '--accent': '#4f46e5' });
  });
});
