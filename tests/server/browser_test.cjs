// The map page in Debian's Chromium, headless, driven over the DevTools protocol
// (chromium_cdp.cjs): it loads with no network but 127.0.0.1 (any other request is blocked,
// counted and fails the test), a click on the Seongsu anchor parcel opens a popup with its PNU
// and district, and the check form there shows the verdict that /api/check gives. Screenshots
// go to OUT_DIR.
//
// usage: node browser_test.cjs JIGU OUT_DIR
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const readline = require('readline');
const cdp = require('./chromium_cdp.cjs');

const [jigu, outDir] = process.argv.slice(2);

const ANCHOR = '1120011500102770028';  // 성수동2가 277-28, wholly inside the Seongsu district
const USE = '지식산업센터';
const FLOOR_AREA = '12000';

function fail(message) {
  throw new Error(message);
}

function startServer() {
  return new Promise((resolve, reject) => {
    const proc = spawn(jigu, ['serve', '--host', '127.0.0.1', '--port', '0'],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    const stderr = [];
    proc.stderr.on('data', (d) => stderr.push(String(d)));
    const timer = setTimeout(() => reject(new Error(`jigu serve did not start: ${stderr.join('')}`)), 120000);
    readline.createInterface({ input: proc.stdout }).once('line', (line) => {
      clearTimeout(timer);
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(line);
      if (!m) reject(new Error(`unexpected first line: ${line}`));
      else resolve({ proc, base: m[1], stderr });
    });
    proc.on('exit', (code) => reject(new Error(`jigu serve exited with ${code}: ${stderr.join('')}`)));
  });
}

async function getJson(url) {
  const r = await fetch(url);
  return { status: r.status, body: await r.json() };
}

// The area-weighted centroid of a polygon's outer ring, [lon, lat].
function centroid(ring) {
  let a = 0, x = 0, y = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x0, y0] = ring[i], [x1, y1] = ring[i + 1];
    const c = x0 * y1 - x1 * y0;
    a += c; x += (x0 + x1) * c; y += (y0 + y1) * c;
  }
  return [x / (3 * a), y / (3 * a)];
}

async function main() {
  fs.mkdirSync(outDir, { recursive: true });
  const server = await startServer();
  const { base } = server;
  let browser;
  try {
    // A point inside the anchor parcel, confirmed by the server's own locate.
    const near = await getJson(`${base}/api/layers/parcels.geojson?bbox=127.045,37.535,127.07,37.55`);
    if (near.status !== 200) fail(`parcels near the anchor: ${JSON.stringify(near.body)}`);
    const anchor = near.body.features.find((f) => f.properties.pnu === ANCHOR);
    if (!anchor) fail(`the anchor parcel ${ANCHOR} is not near 127.056,37.543`);
    const outer = anchor.geometry.type === 'Polygon' ? anchor.geometry.coordinates[0]
      : anchor.geometry.coordinates[0][0];
    const [lon, lat] = centroid(outer);
    const check = await getJson(`${base}/api/locate?lon=${lon.toFixed(7)}&lat=${lat.toFixed(7)}`);
    if (check.body.parcel !== ANCHOR) fail(`the centroid ${lon},${lat} is not in the anchor parcel`);

    browser = await cdp.launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--disable-default-apps', '--disable-sync',
        '--disable-extensions', '--no-first-run', '--disable-domain-reliability'],
    });
    const page = await browser.newPage({ width: 1280, height: 860 });
    const origin = new URL(base).origin;

    // Every request the page makes pauses here: this server's go on, any other is failed.
    const blocked = [];
    page.on('Fetch.requestPaused', ({ requestId, request }) => {
      const allowed = new URL(request.url).origin === origin;
      if (!allowed) blocked.push(request.url);
      page.send(allowed ? 'Fetch.continueRequest' : 'Fetch.failRequest',
        allowed ? { requestId } : { requestId, errorReason: 'BlockedByClient' }).catch(() => {});
    });
    await page.send('Fetch.enable', { patterns: [{ urlPattern: '*' }] });

    // Uncaught exceptions, console errors and warnings (the page's and the browser's own, such
    // as a failed load), and failed requests to this server.
    const problems = [];
    const text = (args) => args.map((a) => (a.value !== undefined ? String(a.value) : a.description)).join(' ');
    page.on('Runtime.exceptionThrown', ({ exceptionDetails: d }) => {
      problems.push(`page error: ${(d.exception && d.exception.description) || d.text}`);
    });
    page.on('Runtime.consoleAPICalled', ({ type, args }) => {
      if (type === 'error' || type === 'warning') problems.push(`console ${type}: ${text(args)}`);
    });
    // The browser's own fetch of /favicon.ico (the page names no icon; jigu serve answers 404)
    // is not the page's doing.
    const favicon = `${origin}/favicon.ico`;
    page.on('Log.entryAdded', ({ entry }) => {
      if ((entry.level === 'error' || entry.level === 'warning') && entry.url !== favicon) {
        problems.push(`console ${entry.level}: ${entry.text}${entry.url ? ` (${entry.url})` : ''}`);
      }
    });
    await page.send('Log.enable');
    const urls = new Map();
    page.on('Network.requestWillBeSent', ({ requestId, request }) => urls.set(requestId, request.url));
    page.on('Network.loadingFailed', ({ requestId, errorText }) => {
      const url = urls.get(requestId);
      if (url && new URL(url).origin === origin) problems.push(`request failed: ${url} (${errorText})`);
    });
    await page.send('Network.enable');

    await page.goto(`${base}/`);
    await page.waitFor(() => window.jigu && (window.jigu.ready || window.jigu.error), null, 60000,
      'the page to load its layers');
    const loadError = await page.evaluate(() => window.jigu.error || null);
    if (loadError) fail(`the page failed to load: ${loadError}`);
    await page.screenshot(path.join(outDir, 'serve-overview.png'));

    // Close in on the anchor: parcels appear from zoom 16.
    await page.evaluate(([la, lo]) => { window.jigu.map.setView([la, lo], 18, { animate: false }); }, [lat, lon]);
    await page.waitFor(() => !window.jigu.parcelsLoading && window.jigu.parcelsCount > 0, null, 30000,
      'the parcels at zoom 18');
    const box = await page.boundingBox('#map');
    const pt = await page.evaluate(([la, lo]) => {
      const p = window.jigu.map.latLngToContainerPoint([la, lo]);
      return { x: p.x, y: p.y };
    }, [lat, lon]);
    await page.click(box.x + pt.x, box.y + pt.y);

    const pnu = (await page.textContent('.leaflet-popup .jigu-pnu')).trim();
    if (pnu !== ANCHOR) fail(`the popup shows PNU ${pnu}, not ${ANCHOR}`);
    await page.waitForSelector(['.leaflet-popup .jigu-districts', '.leaflet-popup .jigu-error']);
    const districts = await page.textContent('.leaflet-popup .jigu-districts');
    if (!/성수/.test(districts) || !/inside/.test(districts)) fail(`district cell: ${districts}`);
    const zones = await page.textContent('.leaflet-popup .jigu-zones');
    if (!/UQA330/.test(zones)) fail(`zone shares: ${zones}`);
    await page.screenshot(path.join(outDir, 'serve-popup.png'));

    await page.fill('.leaflet-popup input[name=use]', USE);
    await page.fill('.leaflet-popup input[name=floor_area]', FLOOR_AREA);
    await page.clickSelector('.leaflet-popup button[type=submit]');
    await page.waitForSelector(['.leaflet-popup .jigu-verdict', '.leaflet-popup .jigu-verdict-slot .jigu-error']);
    const error = await page.count('.leaflet-popup .jigu-verdict-slot .jigu-error');
    if (error) fail(`the check failed: ${await page.textContent('.leaflet-popup .jigu-error')}`);
    const status = await page.attribute('.leaflet-popup .jigu-verdict', 'data-status');
    const reasons = await page.count('.leaflet-popup .jigu-reasons li');
    const api = await getJson(`${base}/api/check?pnu=${ANCHOR}&use=${encodeURIComponent(USE)}&floor_area=${FLOOR_AREA}`);
    if (api.status !== 200) fail(`/api/check: ${JSON.stringify(api.body)}`);
    if (status !== api.body.status) fail(`the popup says '${status}', /api/check says '${api.body.status}'`);
    if (reasons !== api.body.reasons.length || reasons === 0) {
      fail(`the popup lists ${reasons} reasons, /api/check ${api.body.reasons.length}`);
    }
    await page.screenshot(path.join(outDir, 'serve-verdict.png'));

    if (blocked.length) fail(`requests left 127.0.0.1: ${blocked.join(', ')}`);
    if (problems.length) fail(problems.join('\n'));
    console.log(`browser: clicked parcel ${pnu} in ${districts.replace(/\s+/g, ' ').trim()}; ` +
      `verdict '${status}' with ${reasons} reasons; 0 requests outside 127.0.0.1; ` +
      `screenshots in ${outDir} (${browser.version})`);
  } finally {
    if (browser) await browser.close();
    server.proc.removeAllListeners('exit');
    const exited = new Promise((resolve) => server.proc.on('exit', resolve));
    server.proc.kill('SIGTERM');
    const code = await exited;
    if (code !== 0) throw new Error(`jigu serve exited with ${code} after SIGTERM`);
  }
}

main().then(() => process.exit(0), (e) => {
  console.error(`FAILED: ${e.message}`);
  process.exit(1);
});
