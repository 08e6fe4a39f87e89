/*! Enclave widget loader. Contract: docs/widget.md. Hand-written ES2020, no build step. */
(function () {
  'use strict';

  // Marks the real loader, so a second <script> tag (double inclusion) leaves the first one alone.
  const MARK = Symbol.for('enclave.embed');
  if (window.Enclave && window.Enclave[MARK]) return;

  const script =
    document.currentScript || [...document.querySelectorAll('script[src*="embed.js"][data-workspace]')].pop();
  const workspace = ((script && script.src && script.getAttribute('data-workspace')) || '').trim();
  if (!workspace) {
    console.error('[Enclave] embed.js needs a data-workspace attribute on its <script> tag.');
    return;
  }
  // The app is wherever this file was served from; only that origin may talk to us.
  const APP = new URL(script.src).origin;
  const EVENTS = ['ready', 'unread', 'message', 'open', 'close', 'error'];
  const COLOR = /^#[0-9a-f]{6}$/i;

  let token = script.getAttribute('data-token') || null;
  let isOpen = false;
  let unread = 0;
  let loaded = false; // the frame said `loaded` and has been sent `init`
  let pendingOpen = null; // the last `open` asked for before the frame loaded
  const listeners = new Map(EVENTS.map((name) => [name, new Set()]));

  // Filled in by mount(); the API works (and queues) before the body exists.
  let shadow, wrap, launcher, icon, badge, panel, iframe;

  function emit(name, arg) {
    for (const cb of [...listeners.get(name)]) {
      // A host's broken listener must not break the widget or the other listeners.
      try {
        cb(arg);
      } catch (err) {
        console.error(`[Enclave] a "${name}" listener threw:`, err);
      }
    }
  }

  function post(msg) {
    // targetOrigin APP: if the frame navigated elsewhere, the browser drops the message.
    if (loaded && iframe && iframe.contentWindow) iframe.contentWindow.postMessage(msg, APP);
  }

  function el(tag, attrs) {
    const node = document.createElement(tag);
    for (const k in attrs) node.setAttribute(k, attrs[k]);
    return node;
  }

  // `!important` on :host: in the cascade the page's own rules (say `div { transform: … }`, which
  // would unpin our fixed elements) beat normal :host rules, but not important ones.
  const CSS = `
:host { all: initial !important; }
.w { --c: #4f46e5; --fg: #fff; font: 14px/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; }
.l, .p { position: fixed; right: 16px; z-index: 2147483000; }
.w[data-position='left'] .l, .w[data-position='left'] .p { right: auto; left: 16px; }
.l {
  bottom: 16px; width: 56px; height: 56px; margin: 0; padding: 0; border: 0; border-radius: 50%;
  display: flex; align-items: center; justify-content: center; cursor: pointer;
  background: var(--c); color: var(--fg); box-shadow: 0 4px 14px rgba(0, 0, 0, 0.25);
  transition: transform 0.15s ease;
}
.l:hover { transform: scale(1.06); }
.l:focus-visible { outline: 3px solid var(--c); outline-offset: 3px; }
.l svg { width: 26px; height: 26px; fill: none; stroke: currentColor; stroke-width: 2; stroke-linecap: round; stroke-linejoin: round; }
.b {
  position: absolute; top: -4px; right: -4px; min-width: 20px; height: 20px; padding: 0 5px;
  box-sizing: border-box; border-radius: 10px; background: #dc2626; color: #fff;
  font: 600 12px/20px system-ui, sans-serif; text-align: center;
}
.p {
  bottom: 84px; width: 380px; height: 600px; max-width: calc(100vw - 32px); max-height: calc(100vh - 100px);
  border-radius: 12px; overflow: hidden; background: #fff; box-shadow: 0 12px 40px rgba(0, 0, 0, 0.25);
  animation: enclave-in 0.18s ease-out;
}
.b[hidden], .p[hidden] { display: none; }
iframe { display: block; width: 100%; height: 100%; border: 0; }
/* Phones: the open panel is the whole screen, and its own Close button is the way out. */
@media (max-width: 480px) {
  .w .p, .w[data-position='left'] .p { inset: 0; width: 100vw; height: 100vh; height: 100dvh; max-width: none; max-height: none; border-radius: 0; }
  .w[data-open='true'] .l { display: none; }
}
.n {
  position: fixed; right: 16px; bottom: 16px; z-index: 2147483000; max-width: min(360px, calc(100vw - 32px));
  box-sizing: border-box; padding: 10px 12px; border-radius: 8px; border: 2px solid #b42318;
  background: #fff; color: #1d1f23; font: 13px/1.4 system-ui, sans-serif;
}
.n[hidden] { display: none; }
@keyframes enclave-in { from { opacity: 0; transform: translateY(8px); } }
@media (prefers-reduced-motion: reduce) {
  .l, .p { transition: none; animation: none; }
  .l:hover { transform: none; }
}`;

  // Chat bubble when closed, a cross when open.
  const ICON_CHAT = 'M21 11.5a8.5 8.5 0 0 1-12.4 7.6L3 21l1.9-5.6A8.5 8.5 0 1 1 21 11.5z';
  const ICON_CLOSE = 'M6 6l12 12M18 6L6 18';

  function mount() {
    const host = el('div', { 'data-enclave-widget': '' });
    // Open so tests (and curious hosts) can reach in; the styles are what keep the page out.
    shadow = host.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = CSS;
    wrap = el('div', { class: 'w', 'data-position': 'right' });

    launcher = el('button', { type: 'button', class: 'l', 'aria-controls': 'enclave-panel' });
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    icon = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    svg.appendChild(icon);
    // The count is in the button's aria-label; the badge is only for the eye.
    badge = el('span', { class: 'b', 'aria-hidden': 'true' });
    launcher.append(svg, badge);
    launcher.addEventListener('click', toggle);

    panel = el('div', { class: 'p', id: 'enclave-panel', role: 'dialog', 'aria-label': 'Chat' });
    // Created at once (while hidden) so unread counts arrive before the visitor opens the panel.
    iframe = el('iframe', {
      title: 'Chat',
      src: `${APP}/widget?workspace=${encodeURIComponent(workspace)}`,
      allow: 'clipboard-write',
    });
    panel.appendChild(iframe);

    // Keys typed inside the iframe never reach us; the frame sends `close` for those.
    shadow.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && isOpen) setOpen(false, true);
    });

    wrap.append(launcher, panel);
    shadow.append(style, wrap);
    window.addEventListener('message', onMessage);
    render();
    document.body.appendChild(host);
  }

  function render() {
    if (!launcher) return;
    launcher.setAttribute('aria-expanded', String(isOpen));
    launcher.setAttribute(
      'aria-label',
      (isOpen ? 'Close chat' : 'Open chat') + (unread ? `, ${unread} unread` : ''),
    );
    icon.setAttribute('d', isOpen ? ICON_CLOSE : ICON_CHAT);
    badge.textContent = unread > 99 ? '99+' : String(unread);
    badge.hidden = unread === 0;
    panel.hidden = !isOpen;
    wrap.setAttribute('data-open', String(isOpen));
  }

  function setOpen(next, focusLauncher) {
    if (next === isOpen) return;
    // If focus is in the frame when it disappears, it would fall to <body>: bring it back to us.
    const focusInPanel = !!shadow && panel.contains(shadow.activeElement);
    isOpen = next;
    render();
    if (launcher) {
      if (isOpen) iframe.focus();
      else if (focusLauncher || focusInPanel) launcher.focus();
    }
    post({ enclave: 1, type: 'visibility', open: isOpen, page: pageUrl() });
    emit(isOpen ? 'open' : 'close');
  }

  function applyAppearance(a) {
    if (!a || typeof a !== 'object') return;
    if (typeof a.color === 'string' && COLOR.test(a.color)) {
      wrap.style.setProperty('--c', a.color);
      // Dark icon on a light launcher colour, white otherwise (YIQ brightness).
      const n = parseInt(a.color.slice(1), 16);
      const yiq = ((n >> 16) * 299 + ((n >> 8) & 255) * 587 + (n & 255) * 114) / 1000;
      wrap.style.setProperty('--fg', yiq > 160 ? '#111827' : '#fff');
    }
    if (a.position === 'left' || a.position === 'right') wrap.setAttribute('data-position', a.position);
    if (typeof a.title === 'string' && a.title) {
      launcher.title = a.title;
      panel.setAttribute('aria-label', a.title);
    }
  }

  function onMessage(e) {
    if (!iframe || e.source !== iframe.contentWindow || e.origin !== APP) return;
    const d = e.data;
    if (!d || d.enclave !== 1) return;
    switch (d.type) {
      case 'loaded':
        // Sent again whenever the frame reloads: it has lost its state, so init it again.
        loaded = true;
        post({ enclave: 1, type: 'init', token, page: pageUrl(), theme: hostTheme() });
        if (pendingOpen) post(pendingOpen);
        pendingOpen = null;
        post({ enclave: 1, type: 'visibility', open: isOpen, page: pageUrl() });
        break;
      case 'ready':
        applyAppearance(d.appearance);
        emit('ready', { appearance: d.appearance });
        break;
      case 'unread': {
        const n = Number(d.count);
        const count = Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
        unread = count;
        render();
        emit('unread', count);
        break;
      }
      case 'message': {
        const payload = { ...d };
        delete payload.enclave;
        delete payload.type;
        emit('message', payload);
        break;
      }
      case 'error':
        emit('error', { code: d.code, message: d.message });
        break;
      case 'close':
        setOpen(false);
        break;
    }
  }

  // Builds the `open` message, or returns null (with a warning) for options we cannot send.
  function openMessage(opts) {
    const msg = { enclave: 1, type: 'open', page: pageUrl() };
    if (opts == null) return msg;
    if (typeof opts !== 'object') return warn('Enclave.open() takes { subject?, title? }', opts);
    const s = opts.subject;
    if (s != null) {
      if (typeof s !== 'object' || typeof s.type !== 'string' || typeof s.id !== 'string' || !s.type || !s.id)
        return warn('Enclave.open(): subject must be { type: string, id: string }', s);
      msg.subject = { type: s.type, id: s.id };
    }
    if (opts.title != null) {
      if (typeof opts.title !== 'string') return warn('Enclave.open(): title must be a string', opts.title);
      const title = opts.title.trim().slice(0, 120);
      if (title) msg.title = title;
    }
    return msg;
  }

  // The page the visitor is on, for the team's inbox: without query and fragment, which may hold
  // tokens or personal data the host never meant to share.
  function pageUrl() {
    return location.origin + location.pathname;
  }

  // The host page's scheme, for a widget whose theme is `host`: the script tag's data-theme, else
  // the page's computed color-scheme (a page that allows both follows the visitor's preference).
  function hostTheme() {
    const attr = script.getAttribute('data-theme');
    if (attr === 'light' || attr === 'dark') return attr;
    // Not knowing (no CSSOM) leaves the choice to the frame: the visitor's preference.
    if (typeof getComputedStyle !== 'function') return undefined;
    const scheme = (getComputedStyle(document.documentElement).colorScheme || '').split(/\s+/);
    const dark = scheme.includes('dark');
    if (dark && scheme.includes('light'))
      return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
    return dark ? 'dark' : 'light';
  }

  function warn(text, value) {
    console.warn(`[Enclave] ${text}; ignored.`, value);
    return null;
  }

  function open(opts) {
    const msg = openMessage(opts);
    if (!msg) return;
    if (loaded) post(msg);
    else pendingOpen = msg; // only the latest matters: the frame shows one conversation
    setOpen(true);
  }

  // Shows or hides the panel without choosing a conversation (the launcher does this).
  function toggle() {
    setOpen(!isOpen);
  }

  function close() {
    setOpen(false);
  }

  function identify(next) {
    if (typeof next !== 'string' || !next) return void warn('Enclave.identify() takes a token string', next);
    token = next;
    post({ enclave: 1, type: 'identify', token });
  }

  function on(name, cb) {
    if (!listeners.has(name) || typeof cb !== 'function') {
      warn(`Enclave.on(): unknown event "${name}" or listener not a function`, cb);
      return () => {};
    }
    listeners.get(name).add(cb);
    return () => off(name, cb);
  }

  function off(name, cb) {
    if (listeners.has(name)) listeners.get(name).delete(cb);
  }

  // `messaging:start` on the host page does what Enclave.open(detail) does. A bubbling event
  // dispatched on the document (or an element) also reaches window: handle it only once.
  const onStart = (e) => open(e.detail == null ? undefined : e.detail);
  document.addEventListener('messaging:start', onStart);
  window.addEventListener('messaging:start', (e) => {
    if (e.target === window) onStart(e);
  });

  const api = { open, close, toggle, identify, on, off };
  Object.defineProperty(api, MARK, { value: true });
  window.Enclave = Object.freeze(api);

  // A page whose origin the workspace does not allow (or whose widget is off) would get a frame
  // the browser refuses: a grey box. Ask the public config first and tell the site's admin instead.
  // If the check itself fails (network, an old server), mount as before.
  function misconfigured() {
    const here = location.origin;
    return fetch(`${APP}/api/v1/widget/${encodeURIComponent(workspace)}`, { credentials: 'omit' })
      .then((res) => {
        if (res.status === 404)
          return `the chat widget of workspace "${workspace}" is off or does not exist. Turn it on in Console → Widget.`;
        if (!res.ok) return null;
        return res
          .json()
          .then((c) =>
            Array.isArray(c.allowedOrigins) && !c.allowedOrigins.includes(here)
              ? `${here} isn't an allowed origin of this workspace's widget. Add it in Console → Widget.`
              : null,
          );
      })
      .catch(() => null);
  }

  // Only for whoever runs the site: a console warning, and a notice that stays hidden unless the
  // script tag has data-debug (visitors of a misconfigured site see no chat rather than a broken one).
  function showProblem(text) {
    const line = `Enclave chat isn't shown: ${text}`;
    console.warn(`[Enclave] ${line}`);
    const host = el('div', { 'data-enclave-widget': '', 'data-enclave-problem': '' });
    const root = host.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = CSS;
    const note = el('p', { class: 'n', role: 'status' });
    note.textContent = line;
    note.hidden = !script.hasAttribute('data-debug');
    root.append(style, note);
    document.body.appendChild(host);
  }

  function start() {
    if (typeof fetch !== 'function') return mount();
    void misconfigured().then((problem) => (problem ? showProblem(problem) : mount()));
  }

  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start, { once: true });
})();
