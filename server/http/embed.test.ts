import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

/**
 * public/embed.js is hand-written and served as is: check its size and syntax, then run it
 * against a tiny fake DOM (no jsdom in the project) to pin the frame protocol of docs/widget.md.
 * Layout, focus rings and real browsers are the end-to-end tests' job.
 */
const src = readFileSync(new URL('../../public/embed.js', import.meta.url), 'utf8');
const APP = 'https://chat.example.com';
// The host page, with a query that must never reach the frame (it may hold tokens).
const HOST_LOCATION = {
  origin: 'https://shop.example',
  pathname: '/billing',
  search: '?token=secret',
  hash: '#x',
};
const PAGE = 'https://shop.example/billing';

interface FakeEvent {
  type: string;
  target?: unknown;
  bubbles?: boolean;
  detail?: unknown;
  key?: string;
  source?: unknown;
  origin?: string;
  data?: unknown;
}
type Listener = (e: FakeEvent) => void;
interface Posted {
  msg: unknown;
  origin: string;
}
interface Env {
  focused: El | null;
  posted: Posted[];
  errors: unknown[][];
  warnings: unknown[][];
}
interface EnclaveApi {
  open(opts?: unknown): void;
  close(): void;
  toggle(): void;
  identify(token: unknown): void;
  on(event: string, cb: (arg: unknown) => void): () => void;
  off(event: string, cb: (arg: unknown) => void): void;
}

class Target {
  private listeners = new Map<string, Set<Listener>>();
  addEventListener(type: string, cb: Listener) {
    const set = this.listeners.get(type) ?? new Set();
    set.add(cb);
    this.listeners.set(type, set);
  }
  fire(e: FakeEvent) {
    for (const cb of [...(this.listeners.get(e.type) ?? [])]) cb(e);
  }
  dispatchEvent(e: FakeEvent) {
    e.target ??= this;
    this.fire(e);
    return true;
  }
}

class El extends Target {
  attrs = new Map<string, string>();
  children: El[] = [];
  parent: El | null = null;
  hidden = false;
  title = '';
  textContent = '';
  src = '';
  shadowMode = '';
  shadowRoot: El | null = null;
  contentWindow: { postMessage(msg: unknown, origin: string): void } | null = null;
  style = {
    props: new Map<string, string>(),
    setProperty: (k: string, v: string) => this.style.props.set(k, v),
  };
  constructor(
    readonly tagName: string,
    private env: Env,
  ) {
    super();
  }
  setAttribute(k: string, v: unknown) {
    this.attrs.set(k, String(v));
  }
  getAttribute(k: string) {
    return this.attrs.get(k) ?? null;
  }
  appendChild(c: El) {
    c.parent = this;
    this.children.push(c);
    return c;
  }
  append(...cs: El[]) {
    for (const c of cs) this.appendChild(c);
  }
  contains(n: El | null) {
    for (let x = n; x; x = x.parent) if (x === this) return true;
    return false;
  }
  focus() {
    this.env.focused = this;
  }
  attachShadow({ mode }: { mode: string }) {
    this.shadowMode = mode;
    this.shadowRoot = new El('#shadow-root', this.env);
    return this.shadowRoot;
  }
  get activeElement(): El | null {
    return this.contains(this.env.focused) ? this.env.focused : null;
  }
  find(pred: (e: El) => boolean): El | undefined {
    for (const c of this.children) {
      const hit = pred(c) ? c : c.find(pred);
      if (hit) return hit;
    }
  }
}

class Win extends Target {
  Enclave?: EnclaveApi;
}

class Doc extends Target {
  body: El | null = null;
  currentScript: El | null = null;
  scripts: El[] = [];
  constructor(
    private env: Env,
    private win: Win,
  ) {
    super();
  }
  createElement(tag: string) {
    const el = new El(tag, this.env);
    if (tag === 'iframe')
      el.contentWindow = { postMessage: (msg, origin) => this.env.posted.push({ msg, origin }) };
    return el;
  }
  createElementNS(_ns: string, tag: string) {
    return new El(tag, this.env);
  }
  querySelectorAll(_selector: string) {
    return this.scripts;
  }
  // A bubbling event dispatched on the document continues to the window, as in a browser.
  override dispatchEvent(e: FakeEvent) {
    super.dispatchEvent(e);
    if (e.bubbles) this.win.fire(e);
    return true;
  }
}

interface LoadOptions {
  /** The script tag's attributes. */
  attrs?: Record<string, string>;
  /** Whether document.body exists when the script runs. */
  body?: boolean;
  /** Whether document.currentScript is set (else the querySelector fallback is used). */
  currentScript?: boolean;
}

function load({ attrs = { 'data-workspace': 'acme' }, body = true, currentScript = true }: LoadOptions = {}) {
  const env: Env = { focused: null, posted: [], errors: [], warnings: [] };
  const win = new Win();
  const doc = new Doc(env, win);
  const script = new El('script', env);
  script.src = `${APP}/embed.js`;
  for (const [k, v] of Object.entries(attrs)) script.setAttribute(k, v);
  doc.scripts = [script];
  if (currentScript) doc.currentScript = script;
  if (body) doc.body = new El('body', env);
  const fakeConsole = {
    error: (...a: unknown[]) => env.errors.push(a),
    warn: (...a: unknown[]) => env.warnings.push(a),
  };
  const context = vm.createContext({
    window: win,
    document: doc,
    console: fakeConsole,
    URL,
    location: HOST_LOCATION,
  });
  const run = (): unknown => vm.runInContext(src, context);
  run();

  const widget = () => {
    const host = doc.body?.children.find((c) => c.attrs.has('data-enclave-widget'));
    const shadow = host?.shadowRoot;
    if (!host || !shadow) throw new Error('widget not mounted');
    const pick = (pred: (e: El) => boolean) => {
      const el = shadow.find(pred);
      if (!el) throw new Error('widget part missing');
      return el;
    };
    return {
      host,
      shadow,
      launcher: pick((e) => e.tagName === 'button'),
      badge: pick((e) => e.tagName === 'span'),
      panel: pick((e) => e.attrs.get('class') === 'p'),
      iframe: pick((e) => e.tagName === 'iframe'),
      wrap: pick((e) => e.attrs.get('class') === 'w'),
    };
  };
  // A message from the frame; `over` forges its source or origin.
  const fromFrame = (data: unknown, over: Partial<FakeEvent> = {}) =>
    win.fire({ type: 'message', source: widget().iframe.contentWindow, origin: APP, data, ...over });
  // What the loader posted to the frame since the last call; always to the app origin only.
  const sent = () =>
    env.posted.splice(0).map((p) => {
      expect(p.origin).toBe(APP);
      return p.msg;
    });
  const api = () => {
    if (!win.Enclave) throw new Error('no window.Enclave');
    return win.Enclave;
  };
  const record = (event: string) => {
    const seen: unknown[] = [];
    api().on(event, (arg) => seen.push(arg));
    return seen;
  };
  return { env, win, doc, run, widget, fromFrame, sent, api, record };
}

describe('public/embed.js', () => {
  const gz = gzipSync(src).length;

  it(`is small (${gz} bytes gzipped) and plain, parseable script`, () => {
    expect(gz, `embed.js is ${gz} bytes gzipped`).toBeLessThan(10_240);
    expect(() => new vm.Script(src, { filename: 'embed.js' })).not.toThrow();
    expect(src).not.toMatch(/innerHTML/);
    expect(src).not.toMatch(/\beval\(/);
  });

  it('mounts a launcher and a hidden panel with the frame inside an open shadow root', () => {
    const w = load().widget();
    expect(w.host.shadowMode).toBe('open');
    expect(w.iframe.attrs.get('src')).toBe(`${APP}/widget?workspace=acme`);
    expect(w.iframe.attrs.get('title')).toBe('Chat');
    expect(w.iframe.attrs.get('allow')).toBe('clipboard-write');
    expect(w.launcher.attrs.get('aria-label')).toBe('Open chat');
    expect(w.launcher.attrs.get('aria-expanded')).toBe('false');
    expect(w.panel.hidden).toBe(true);
    expect(w.badge.hidden).toBe(true);
  });

  it('stops with one error without data-workspace, and waits for the body', () => {
    const bare = load({ attrs: {} });
    expect(bare.win.Enclave).toBeUndefined();
    expect(bare.env.errors).toHaveLength(1);

    const early = load({ body: false, currentScript: false });
    expect(early.win.Enclave).toBeDefined();
    early.doc.body = early.doc.createElement('body');
    early.doc.dispatchEvent({ type: 'DOMContentLoaded' });
    expect(early.widget().iframe.attrs.get('src')).toBe(`${APP}/widget?workspace=acme`);
  });

  it('is not installed twice', () => {
    const t = load();
    const first = t.api();
    t.run();
    expect(t.api()).toBe(first);
    expect(t.doc.body?.children).toHaveLength(1);
  });

  it("passes the script tag's data-theme in init and marks the open panel (phones hide the launcher)", () => {
    const t = load({ attrs: { 'data-workspace': 'acme', 'data-theme': 'dark' } });
    t.fromFrame({ enclave: 1, type: 'loaded' });
    expect(t.sent()[0]).toEqual({ enclave: 1, type: 'init', token: null, page: PAGE, theme: 'dark' });
    t.api().open();
    expect(t.widget().wrap.attrs.get('data-open')).toBe('true');
  });

  it('speaks the frame protocol only with its frame at the app origin', () => {
    const t = load({ attrs: { 'data-workspace': 'acme', 'data-token': 'tok1' } });
    const opens = t.record('open');
    t.api().open({ subject: { type: 'invoice', id: '42' }, title: 'Invoice 42' });
    expect(t.widget().panel.hidden).toBe(false);
    expect(opens).toHaveLength(1);
    expect(t.sent()).toEqual([]); // queued until `loaded`

    t.fromFrame({ enclave: 1, type: 'loaded' }, { origin: 'https://evil.example' });
    t.fromFrame({ enclave: 1, type: 'loaded' }, { source: {} });
    t.fromFrame({ type: 'loaded' });
    expect(t.sent()).toEqual([]);

    t.fromFrame({ enclave: 1, type: 'loaded' });
    expect(t.sent()).toEqual([
      { enclave: 1, type: 'init', token: 'tok1', page: PAGE },
      { enclave: 1, type: 'open', subject: { type: 'invoice', id: '42' }, title: 'Invoice 42', page: PAGE },
      { enclave: 1, type: 'visibility', open: true, page: PAGE },
    ]);

    // A reloaded frame is initialised again, with the latest identity.
    t.api().identify('tok2');
    expect(t.sent()).toEqual([{ enclave: 1, type: 'identify', token: 'tok2' }]);
    t.fromFrame({ enclave: 1, type: 'loaded' });
    expect(t.sent()).toEqual([
      { enclave: 1, type: 'init', token: 'tok2', page: PAGE },
      { enclave: 1, type: 'visibility', open: true, page: PAGE },
    ]);
  });

  it('applies appearance and relays unread, message, error and close to host listeners', () => {
    const t = load();
    const w = t.widget();
    const [ready, unread, messages, errors, closes] = ['ready', 'unread', 'message', 'error', 'close'].map(
      t.record,
    );
    t.fromFrame({ enclave: 1, type: 'loaded' });
    expect(t.sent()).toEqual([
      { enclave: 1, type: 'init', token: null, page: PAGE },
      { enclave: 1, type: 'visibility', open: false, page: PAGE },
    ]);

    const appearance = { title: 'Help', greeting: '', color: '#ffcc00', position: 'left' };
    t.fromFrame({ enclave: 1, type: 'ready', appearance });
    expect(ready).toEqual([{ appearance }]);
    expect(w.wrap.style.props.get('--c')).toBe('#ffcc00');
    expect(w.wrap.attrs.get('data-position')).toBe('left');
    expect(w.launcher.title).toBe('Help');

    t.fromFrame({ enclave: 1, type: 'unread', count: 3 });
    expect(unread).toEqual([3]);
    expect(w.launcher.attrs.get('aria-label')).toBe('Open chat, 3 unread');
    expect(w.badge.hidden).toBe(false);
    expect(w.badge.textContent).toBe('3');

    const msg = { conversationId: 'c', messageId: 'm', authorId: 'a', authorName: 'Ann', text: 'hi' };
    t.fromFrame({ enclave: 1, type: 'message', ...msg });
    expect(messages).toEqual([msg]);
    t.fromFrame({ enclave: 1, type: 'error', code: 'UNAUTHORIZED', message: 'Expired' });
    expect(errors).toEqual([{ code: 'UNAUTHORIZED', message: 'Expired' }]);

    t.api().toggle();
    expect(w.launcher.attrs.get('aria-label')).toBe('Close chat, 3 unread');
    expect(t.sent()).toEqual([{ enclave: 1, type: 'visibility', open: true, page: PAGE }]); // no `open`: keeps the conversation
    t.fromFrame({ enclave: 1, type: 'close' });
    expect(w.panel.hidden).toBe(true);
    expect(closes).toHaveLength(1);
    expect(t.env.focused).toBe(w.launcher); // focus was in the frame
    expect(t.sent()).toEqual([{ enclave: 1, type: 'visibility', open: false, page: PAGE }]);
  });

  it('closes on Escape, survives a throwing listener, unsubscribes and ignores bad open options', () => {
    const t = load();
    const w = t.widget();
    const seen: unknown[] = [];
    t.api().on('open', () => {
      throw new Error('host bug');
    });
    const stop = t.api().on('open', () => seen.push('open'));
    t.api().open();
    expect(seen).toEqual(['open']);
    expect(t.env.errors).toHaveLength(1);
    w.shadow.dispatchEvent({ type: 'keydown', key: 'Escape' });
    expect(w.panel.hidden).toBe(true);
    expect(t.env.focused).toBe(w.launcher);

    stop();
    t.api().open({ subject: { type: 'invoice', id: 42 } });
    expect(w.panel.hidden).toBe(true);
    expect(t.env.warnings).toHaveLength(1);
    t.api().open();
    expect(seen).toEqual(['open']);
  });

  it('opens once for a messaging:start event, bubbling or not', () => {
    const t = load();
    const opens = t.record('open');
    t.fromFrame({ enclave: 1, type: 'loaded' });
    t.sent();
    const detail = { subject: { type: 'invoice', id: '7' } };
    t.doc.dispatchEvent({ type: 'messaging:start', bubbles: true, detail });
    expect(opens).toHaveLength(1);
    expect(t.sent()).toEqual([
      { enclave: 1, type: 'open', subject: { type: 'invoice', id: '7' }, page: PAGE },
      { enclave: 1, type: 'visibility', open: true, page: PAGE },
    ]);
    t.win.dispatchEvent({ type: 'messaging:start' });
    expect(t.sent()).toEqual([{ enclave: 1, type: 'open', page: PAGE }]); // already open: only the conversation changes
  });
});
