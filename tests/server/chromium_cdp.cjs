// A small Chrome DevTools Protocol client for Debian's Chromium: it starts the browser headless
// with --remote-debugging-pipe (commands on fd 3, replies and events on fd 4, each message JSON
// ended by a NUL byte) and offers the few page operations the browser test uses. It needs only
// Node's own modules, so it runs on Debian 12's Node 18 and later, and it speaks only the
// protocol's stable domains (Target, Page, Runtime, Input, Network, Fetch, Log, Emulation),
// which Chromium keeps compatible from release to release.
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const POLL_MS = 50;

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// promise, or a rejection with message if it has not settled within ms.
function withTimeout(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(message())), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// One browser process and its pipe; `send` and `on` take an optional session (a page).
class Browser {
  constructor(proc, profileDir) {
    this.proc = proc;
    this.profileDir = profileDir;
    this.nextId = 1;
    this.pending = new Map();  // id -> { resolve, reject, method }
    this.listeners = new Map();  // method -> [handler(params, sessionId)]
    this.stderr = '';
    this.exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
    proc.stderr.on('data', (d) => { this.stderr = (this.stderr + d).slice(-4000); });
    this.exited.then(({ code, signal }) => {
      for (const { reject, method } of this.pending.values()) {
        reject(new Error(`chromium exited (${signal || code}) during ${method}: ${this.stderr}`));
      }
      this.pending.clear();
    });
    // A write after the browser has gone fails the pending calls (above), not the process.
    proc.stdio[3].on('error', () => {});
    proc.stdio[4].on('error', () => {});
    let buffered = '';
    proc.stdio[4].setEncoding('utf8');
    proc.stdio[4].on('data', (chunk) => {
      const parts = (buffered + chunk).split('\0');
      buffered = parts.pop();
      for (const part of parts) this.dispatch(JSON.parse(part));
    });
  }

  dispatch(message) {
    if (message.id !== undefined) {
      const call = this.pending.get(message.id);
      if (!call) return;
      this.pending.delete(message.id);
      if (message.error) call.reject(new Error(`${call.method}: ${message.error.message}`));
      else call.resolve(message.result);
      return;
    }
    for (const handler of this.listeners.get(message.method) || []) {
      handler(message.params, message.sessionId);
    }
  }

  send(method, params = {}, sessionId = undefined) {
    const id = this.nextId++;
    const message = { id, method, params };
    if (sessionId) message.sessionId = sessionId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.proc.stdio[3].write(`${JSON.stringify(message)}\0`);
    });
  }

  on(method, handler) {
    if (!this.listeners.has(method)) this.listeners.set(method, []);
    this.listeners.get(method).push(handler);
  }

  // A page in a fresh browser context (its own cookies and cache), attached with its own session.
  async newPage({ width, height }) {
    const { browserContextId } = await this.send('Target.createBrowserContext');
    const { targetId } = await this.send('Target.createTarget', { url: 'about:blank', browserContextId });
    const { sessionId } = await this.send('Target.attachToTarget', { targetId, flatten: true });
    const page = new Page(this, sessionId);
    await page.send('Emulation.setDeviceMetricsOverride',
      { width, height, deviceScaleFactor: 1, mobile: false });
    await page.send('Page.enable');
    await page.send('Runtime.enable');
    return page;
  }

  async close() {
    this.send('Browser.close').catch(() => {});
    await withTimeout(this.exited, 10000, () => 'chromium did not exit').catch(() => {});
    if (this.proc.exitCode === null && this.proc.signalCode === null) {
      this.proc.kill('SIGKILL');
      await this.exited;
    }
    fs.rmSync(this.profileDir, { recursive: true, force: true });
  }
}

// One page (a target session): evaluation, waiting, mouse and keyboard input, screenshots.
class Page {
  constructor(browser, sessionId) {
    this.browser = browser;
    this.sessionId = sessionId;
  }

  send(method, params = {}) {
    return this.browser.send(method, params, this.sessionId);
  }

  on(method, handler) {
    this.browser.on(method, (params, sessionId) => {
      if (sessionId === this.sessionId) handler(params);
    });
  }

  // Navigates and resolves once the page's load event has fired.
  async goto(url, timeoutMs = 60000) {
    const loaded = new Promise((resolve) => this.on('Page.loadEventFired', resolve));
    const { errorText } = await this.send('Page.navigate', { url });
    if (errorText) throw new Error(`navigating to ${url}: ${errorText}`);
    await withTimeout(loaded, timeoutMs, () => `${url} did not fire 'load' within ${timeoutMs} ms`);
  }

  // fn(arg) evaluated in the page (a function with no free variables); resolves to its value.
  async evaluate(fn, arg) {
    const r = await this.send('Runtime.evaluate', {
      expression: `(${fn})(${JSON.stringify(arg === undefined ? null : arg)})`,
      awaitPromise: true, returnByValue: true,
    });
    if (r.exceptionDetails) {
      const d = r.exceptionDetails;
      throw new Error(`in the page: ${(d.exception && d.exception.description) || d.text}`);
    }
    return r.result.value;
  }

  // Polls fn(arg) in the page until it returns a truthy value, which it resolves to.
  async waitFor(fn, arg, timeoutMs, what) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await this.evaluate(fn, arg);
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await sleep(POLL_MS);
    }
  }

  // The first visible element matching any of the selectors; resolves to the selector matched.
  waitForSelector(selectors, timeoutMs = 30000) {
    return this.waitFor((sels) => {
      for (const s of sels) {
        const e = document.querySelector(s);
        if (!e) continue;
        const r = e.getBoundingClientRect();
        if (r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden') return s;
      }
      return null;
    }, [].concat(selectors), timeoutMs, `an element matching ${[].concat(selectors).join(', ')}`);
  }

  // The text of the first element matching selector, once there is one.
  async textContent(selector, timeoutMs = 30000) {
    const r = await this.waitFor((s) => {
      const e = document.querySelector(s);
      return e ? { text: e.textContent } : null;
    }, selector, timeoutMs, `an element matching ${selector}`);
    return r.text;
  }

  count(selector) {
    return this.evaluate((s) => document.querySelectorAll(s).length, selector);
  }

  attribute(selector, name) {
    return this.evaluate(([s, n]) => {
      const e = document.querySelector(s);
      return e ? e.getAttribute(n) : null;
    }, [selector, name]);
  }

  boundingBox(selector) {
    return this.evaluate((s) => {
      const e = document.querySelector(s);
      if (!e) return null;
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    }, selector);
  }

  // A left click at viewport coordinates, as real mouse input (pointer, mouse and click events).
  async click(x, y) {
    await this.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y });
    await this.send('Input.dispatchMouseEvent',
      { type: 'mousePressed', x, y, button: 'left', buttons: 1, clickCount: 1 });
    await this.send('Input.dispatchMouseEvent',
      { type: 'mouseReleased', x, y, button: 'left', buttons: 0, clickCount: 1 });
  }

  // Clicks the middle of the first element matching selector once it is in view and nothing
  // covers that point.
  async clickSelector(selector, timeoutMs = 30000) {
    const at = await this.waitFor((s) => {
      const e = document.querySelector(s);
      if (!e) return null;
      e.scrollIntoView({ block: 'center', inline: 'center' });
      const r = e.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) return null;
      const x = r.x + r.width / 2, y = r.y + r.height / 2;
      const hit = document.elementFromPoint(x, y);
      return hit && (hit === e || e.contains(hit)) ? { x, y } : null;
    }, selector, timeoutMs, `${selector} to be clickable`);
    await this.click(at.x, at.y);
  }

  // Replaces the value of the input matching selector by typing text into it.
  async fill(selector, text) {
    const found = await this.evaluate((s) => {
      const e = document.querySelector(s);
      if (!e) return false;
      e.value = '';
      e.focus();
      return document.activeElement === e;
    }, selector);
    if (!found) throw new Error(`no focusable input matches ${selector}`);
    await this.send('Input.insertText', { text });
  }

  async screenshot(file) {
    const { data } = await this.send('Page.captureScreenshot', { format: 'png' });
    fs.writeFileSync(file, Buffer.from(data, 'base64'));
  }
}

// Starts Chromium headless with a throw-away profile; args are added to the command line.
async function launch({ executablePath, args = [] }) {
  if (!fs.existsSync(executablePath)) {
    throw new Error(`${executablePath} missing; run tools/install-deps.sh`);
  }
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jigu-chromium-'));
  const proc = spawn(executablePath, [
    '--headless', '--remote-debugging-pipe', `--user-data-dir=${profileDir}`,
    '--hide-scrollbars', '--mute-audio', '--no-default-browser-check', ...args, 'about:blank',
  ], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
  const browser = new Browser(proc, profileDir);
  const spawned = new Promise((resolve, reject) => {
    proc.once('spawn', resolve);
    proc.once('error', reject);
  });
  await spawned;
  const { product } = await withTimeout(browser.send('Browser.getVersion'), 60000,
    () => `chromium did not answer on its pipe within 60 s: ${browser.stderr}`);
  browser.version = product;
  return browser;
}

module.exports = { launch };
