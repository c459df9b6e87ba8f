// jigu's map page: districts, zoning and (closer in) parcels from the jigu serve API, drawn with
// Leaflet and no basemap (nothing is fetched from anywhere but this server). Clicking a parcel
// shows what `jigu locate` says about it and a form that asks `jigu check` about a planned use.
'use strict';

(function () {
  const PARCEL_MIN_ZOOM = 16;

  // State the browser test reads (window.jigu); nothing here is an API.
  const state = {
    map: null,
    info: null,
    palette: {},
    parcelsCount: 0,
    parcelsLoading: false,
    parcelsMessage: '',
    ready: false,
    lastSite: null,
    lastVerdict: null,
  };
  window.jigu = state;

  // ---- small helpers ----

  // An element with attributes and children; text always goes in as text, never as HTML.
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  const fmt = {
    m2: (v) => `${Number(v).toLocaleString('en-US', { maximumFractionDigits: 1 })} m²`,
    pct: (v) => `${(100 * v).toLocaleString('en-US', { maximumFractionDigits: 1 })}%`,
    num: (v) => Number(v).toLocaleString('en-US', { maximumFractionDigits: 2 }),
  };

  async function getJson(url, options) {
    const response = await fetch(url, options);
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    if (!response.ok) {
      const error = new Error((body && body.message) || `HTTP ${response.status}`);
      error.status = response.status;
      error.body = body;
      throw error;
    }
    return body;
  }

  function setStatus(text, isError) {
    const node = document.getElementById('status');
    node.textContent = text;
    node.classList.toggle('error', Boolean(isError));
  }

  function zoneColour(code) {
    if (!code) return '#ffffff';
    if (state.palette[code]) return state.palette[code];
    const family = `UQA${code.charAt(3)}00`;
    return state.palette[family] || '#c8c8c8';
  }

  // ---- the site panel (locate) and the verdict (check) ----

  function siteTitle(site, query) {
    if (query.pnu) {
      return el('h3', {}, 'PNU ', el('span', { class: 'jigu-pnu', text: query.pnu }));
    }
    const parts = [el('h3', { text: site.site.label })];
    if (site.parcel) {
      parts.push(el('div', {}, 'parcel PNU ', el('span', { class: 'jigu-pnu', text: site.parcel })));
    }
    return parts;
  }

  function districtsTable(site) {
    if (!site.districts.length) return el('p', { class: 'muted', text: 'outside every district' });
    return el('table', { class: 'jigu-districts' },
      el('tr', {}, el('th', { text: 'district' }), el('th', { text: 'status' }),
        el('th', { text: 'share' })),
      site.districts.map((d) => el('tr', {},
        el('td', { text: d.name || d.id }),
        el('td', { class: 'jigu-district-status', text: d.status }),
        el('td', { class: 'num', text: fmt.pct(d.share) }))));
  }

  function zonesTable(site) {
    const point = site.site.kind === 'point';
    return el('table', { class: 'jigu-zones' },
      el('tr', {}, el('th', { text: 'zone' }), el('th', { text: 'share' }),
        point ? null : el('th', { text: 'area' })),
      site.zones.map((z) => el('tr', {},
        el('td', {}, el('span', { class: 'jigu-zone-code', text: z.code || '(no zone)' }), ' ',
          z.name || ''),
        el('td', { class: 'num', text: fmt.pct(z.share) }),
        point ? null : el('td', { class: 'num', text: fmt.m2(z.area_m2) }))));
  }

  function rangeText(r) {
    if (!r) return '';
    return Math.abs(r.high - r.low) < 1e-9 ? fmt.num(r.low) : `${fmt.num(r.low)}–${fmt.num(r.high)}`;
  }

  const QUANTITY = { bcr_pct: 'BCR %', far_pct: 'FAR %', height_m: 'height m' };

  function verdictPanel(v) {
    const panel = el('div', { class: 'jigu-verdict', 'data-status': v.status },
      el('div', {}, 'verdict: ', el('span', { class: 'status', text: v.status })),
      el('div', { class: 'muted' },
        `${v.use.name} (${v.use.id}; 별표1 ${v.use.class_id} ${v.use.class_name})` +
          (v.district ? ` · district rules: ${v.district}` : '')));
    if (v.conditions.length) {
      panel.append(el('ul', { class: 'jigu-conditions' },
        v.conditions.map((c) => el('li', {}, `${c.kind}: ${c.text}`,
          c.rule ? el('span', { class: 'rule', text: ` [${c.rule}]` }) : null))));
    }
    const rows = [];
    for (const g of v.regimes) {
      for (const l of g.limits) {
        if (!l.base && !l.relaxed && l.planned === null) continue;
        rows.push(el('tr', {},
          el('td', { text: (v.regimes.length > 1 ? `${g.governing_zone} ` : '') +
            (QUANTITY[l.quantity] || l.quantity) }),
          el('td', { class: 'num', text: l.base ? rangeText(l.base) : 'none known' }),
          el('td', { class: 'num', text: rangeText(l.relaxed) }),
          el('td', { class: 'num', text: l.planned === null ? '' : fmt.num(l.planned) }),
          el('td', { text: l.planned === null ? '' : l.outcome })));
      }
    }
    if (rows.length) {
      panel.append(el('table', { class: 'jigu-limits' },
        el('tr', {}, el('th', { text: 'limit' }), el('th', { text: 'base' }),
          el('th', { text: 'relaxed' }), el('th', { text: 'planned' }), el('th', { text: '' })),
        rows));
    }
    panel.append(el('div', {}, 'reasons:'),
      el('ol', { class: 'jigu-reasons' }, v.reasons.map((r) => el('li', {},
        `${r.step}: ${r.text}`,
        r.rule || r.source
          ? el('div', { class: 'rule', text: [r.rule ? `rule ${r.rule}${r.unconfirmed ? ' (unconfirmed)' : ''}` : '',
            r.source].filter(Boolean).join(' · ') })
          : null))));
    for (const note of v.notes) panel.append(el('div', { class: 'muted', text: `note: ${note}` }));
    return panel;
  }

  function checkForm(query, out, relayout) {
    const uses = (state.info && state.info.uses) || [];
    const listId = 'jigu-uses';
    const form = el('form', { class: 'jigu-check', autocomplete: 'off' },
      el('strong', { text: 'check a planned use' }),
      el('label', {}, 'use ', el('input', { type: 'text', name: 'use', required: true, list: listId,
        placeholder: '지식산업센터, 17, factory…' })),
      uses.length ? el('datalist', { id: listId },
        uses.map((u) => el('option', { value: u.name,
          text: [u.number ? `별표1 ${u.number}` : u.id, u.name_en].filter(Boolean).join(' · ') })))
        : null,
      el('label', {}, 'floor area m² ', el('input', { type: 'number', name: 'floor_area', min: 0, step: 'any' })),
      el('label', {}, 'footprint m² ', el('input', { type: 'number', name: 'footprint', min: 0, step: 'any' })),
      el('label', {}, 'height m ', el('input', { type: 'number', name: 'height', min: 0, step: 'any' })),
      el('label', {}, 'encouraged share 0–1 ', el('input', { type: 'number', name: 'encouraged_share',
        min: 0, max: 1, step: 'any' })),
      el('button', { type: 'submit', text: 'check' }));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const params = new URLSearchParams(query);
      for (const [k, v] of new FormData(form).entries()) {
        if (String(v).trim() !== '') params.set(k, String(v).trim());
      }
      out.replaceChildren(el('div', { class: 'muted', text: 'checking…' }));
      try {
        const verdict = await getJson(`/api/check?${params}`);
        state.lastVerdict = verdict;
        out.replaceChildren(verdictPanel(verdict));
      } catch (e) {
        state.lastVerdict = { error: e.message };
        out.replaceChildren(el('div', { class: 'jigu-error', text: e.message }));
      }
      relayout();
      // The verdict's first line at the top of the popup's scroll area, the reasons below it.
      out.scrollIntoView({ block: 'start' });
    });
    return form;
  }

  async function showSite(query, latlng) {
    const content = el('div', { class: 'jigu-popup' }, el('div', { class: 'muted', text: 'locating…' }));
    const popup = L.popup({ maxWidth: 460, maxHeight: 480, autoPanPadding: [20, 20] })
      .setLatLng(latlng).setContent(content).openOn(state.map);
    try {
      const site = await getJson(`/api/locate?${new URLSearchParams(query)}`);
      state.lastSite = site;
      const checkQuery = query.pnu ? { pnu: query.pnu } : site.parcel ? { pnu: site.parcel } : query;
      const verdict = el('div', { class: 'jigu-verdict-slot' });
      content.replaceChildren(...[
        siteTitle(site, query),
        site.site.kind === 'point' ? null
          : el('div', { class: 'muted', text: `${fmt.m2(site.site.area_m2)} (planar, ${state.info.workspace.crs})` }),
        districtsTable(site),
        zonesTable(site),
        site.notes.map((n) => el('div', { class: 'muted', text: `note: ${n}` })),
        checkForm(checkQuery, verdict, () => popup.update()),
        verdict].flat().filter(Boolean));
    } catch (e) {
      content.replaceChildren(el('div', { class: 'jigu-error', text: e.message }));
    }
    popup.update();
  }

  // ---- layers ----

  function legend(zoning, zoningInfo) {
    const seen = new Map();
    for (const f of zoning.features) {
      const code = f.properties[zoningInfo.code_field];
      if (code && !seen.has(code)) seen.set(code, f.properties[zoningInfo.name_field] || '');
    }
    const box = document.getElementById('legend');
    box.replaceChildren(el('h2', { text: 'zoning (용도지역)' }),
      ...[...seen.entries()].sort().map(([code, name]) => el('div', { class: 'row' },
        el('span', { class: 'swatch', style: `background:${zoneColour(code)}` }), `${code} ${name}`)),
      el('div', { class: 'row' }, el('span', { class: 'swatch district' }), 'district (개발진흥지구)'),
      el('div', { class: 'row' }, el('span', { class: 'swatch parcel' }),
        `parcels (zoom ${PARCEL_MIN_ZOOM}+)`));
  }

  async function start() {
    if (typeof L === 'undefined') {
      setStatus('the map library (Leaflet) is missing: run tools/install-deps.sh and rebuild jigu', true);
      return;
    }
    const map = L.map('map', { minZoom: 10, maxZoom: 20, zoomSnap: 0.5 });
    state.map = map;
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution('jigu · illustrative district boundaries · no basemap');
    for (const [name, z] of [['zoning', 400], ['parcels', 410], ['districts', 420]]) {
      map.createPane(name).style.zIndex = z;
    }
    map.getPane('districts').style.pointerEvents = 'none';

    const info = await getJson('/api/layers');
    state.info = info;
    for (const p of info.zoning_palette || []) state.palette[p.code] = p.fill;
    const byName = Object.fromEntries(info.layers.map((l) => [l.name, l]));

    const [zoning, districts] = await Promise.all(
      [getJson(byName.zoning.url), getJson(byName.districts.url)]);
    const code = byName.zoning.code_field;
    L.geoJSON(zoning, {
      pane: 'zoning',
      interactive: false,
      style: (f) => ({ fillColor: zoneColour(f.properties[code]), fillOpacity: 0.8, color: '#ffffff', weight: 1 }),
    }).addTo(map);
    const districtLayer = L.geoJSON(districts, {
      pane: 'districts',
      interactive: false,
      style: { color: '#1a1a1a', weight: 3, fill: false },
      onEachFeature: (f, layer) => layer.bindTooltip(
        String(f.properties[byName.districts.name_field] || f.properties[byName.districts.id_field] || ''),
        { permanent: true, direction: 'top', offset: [0, -24], className: 'district-label' }),
    }).addTo(map);
    legend(zoning, byName.zoning);

    const parcelsInfo = byName.parcels;
    let selected = null;
    const parcels = L.geoJSON(null, {
      pane: 'parcels',
      style: { color: '#4d4d4d', weight: 0.8, fill: true, fillColor: '#000000', fillOpacity: 0 },
      onEachFeature: (f, layer) => {
        layer.on('click', (e) => {
          e.originalEvent.jiguHandled = true;
          if (selected) parcels.resetStyle(selected);
          selected = layer;
          layer.setStyle({ color: '#d00000', weight: 3 });
          showSite({ pnu: String(f.properties[parcelsInfo.id_field]) }, e.latlng);
        });
      },
    }).addTo(map);

    let sequence = 0;
    async function refreshParcels() {
      const seq = ++sequence;
      if (map.getZoom() < PARCEL_MIN_ZOOM) {
        parcels.clearLayers();
        state.parcelsCount = 0;
        state.parcelsMessage = `zoom in to see parcels (zoom ${PARCEL_MIN_ZOOM}+)`;
        setStatus(state.parcelsMessage);
        return;
      }
      const b = map.getBounds().pad(0.1);
      const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
      const bbox = [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90),
        clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90)].map((v) => v.toFixed(6));
      state.parcelsLoading = true;
      try {
        const fc = await getJson(`${parcelsInfo.url}?bbox=${bbox.join(',')}`);
        if (seq !== sequence) return;
        parcels.clearLayers();
        selected = null;
        parcels.addData(fc);
        state.parcelsCount = fc.features.length;
        state.parcelsMessage = `${fc.features.length} parcels in view · click one`;
        setStatus(state.parcelsMessage);
      } catch (e) {
        if (seq !== sequence) return;
        parcels.clearLayers();
        state.parcelsCount = 0;
        state.parcelsMessage = e.body && e.body.error === 'too-many-features'
          ? 'too many parcels in view: zoom in' : `parcels: ${e.message}`;
        setStatus(state.parcelsMessage, !(e.body && e.body.error === 'too-many-features'));
      } finally {
        if (seq === sequence) state.parcelsLoading = false;
      }
    }
    map.on('moveend', refreshParcels);
    map.on('click', (e) => {
      if (e.originalEvent && e.originalEvent.jiguHandled) return;
      showSite({ lon: e.latlng.lng.toFixed(7), lat: e.latlng.lat.toFixed(7) }, e.latlng);
    });

    map.fitBounds(districtLayer.getBounds(), { paddingTopLeft: [120, 40], paddingBottomRight: [120, 40] });
    await refreshParcels();
    state.ready = true;
  }

  start().catch((e) => {
    setStatus(`cannot load the map: ${e.message}`, true);
    state.error = e.message;
  });
}());
