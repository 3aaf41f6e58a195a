// HessianLab viewer: OpenSeadragon over the server's pooled tiles, with overlays, hover and side panel.
"use strict";
(async function () {
  const $ = id => document.getElementById(id);
  const info = await (await fetch("/api/info")).json();
  const segs = info.segments || [];
  const fmt = v => (v === null || v === undefined) ? "" : (typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toPrecision(5)) : String(v));
  $("pool").value = info.pooling;
  // Optional start-up state from the address: ?scale=log&k=10&decades=6&cmap=bwr&pool=mean&rect=x,y,w,h (entries).
  const params = new URLSearchParams(location.search);
  for (const id of ["pool", "scale", "k", "decades", "cmap"]) if (params.has(id)) $(id).value = params.get(id);
  const startRect = (params.get("rect") || "").split(",").map(Number);
  $("title").textContent = `${info.folder}/${info.matrix}`;
  $("shape").textContent = `${info.rows} × ${info.cols} ${info.dtype}, max |H| = ${info.maxAbs.toExponential(4)}, ${info.maxLevel + 1} levels (pyramid ${info.pyramidSeconds.toFixed(2)} s)`;

  const settings = () => ({ pool: $("pool").value, scale: $("scale").value, k: $("k").value || "1", decades: $("decades").value || "6", cmap: $("cmap").value });
  const query = () => new URLSearchParams(settings()).toString();
  const tileSource = () => {
    const q = query();
    return { width: info.cols, height: info.rows, tileSize: info.tileSize, tileOverlap: 0, minLevel: 0, maxLevel: info.maxLevel,
             getTileUrl: (level, x, y) => `/api/tile/${level}/${x}/${y}.png?${q}` };
  };
  const viewer = OpenSeadragon({
    element: $("view"), prefixUrl: "/static/lib/openseadragon/images/", tileSources: tileSource(),
    drawer: "canvas", imageSmoothingEnabled: false, maxZoomPixelRatio: 64, minZoomImageRatio: 0.5, visibilityRatio: 0.2,
    showNavigator: true, navigatorPosition: "BOTTOM_RIGHT", showRotationControl: false, animationTime: 0.4, timeout: 60000,
    gestureSettingsMouse: { clickToZoom: true, dblClickToZoom: false },
  });

  if (startRect.length === 4 && startRect.every(Number.isFinite))
    viewer.addOnceHandler("open", () => viewer.viewport.fitBounds(viewer.viewport.imageToViewportRectangle(...startRect), true));

  // Settings: reopen with new tile URLs, keeping the view.
  const reopen = () => {
    const bounds = viewer.viewport.getBounds();
    viewer.addOnceHandler("open", () => viewer.viewport.fitBounds(bounds, true));
    viewer.open(tileSource());
    colorbar();
  };
  for (const id of ["pool", "scale", "k", "decades", "cmap"]) $(id).addEventListener("change", reopen);

  function colorbar() {
    const s = settings();
    $("cbar").src = `/api/colorbar.png?cmap=${s.cmap}`;
    const vmax = info.maxAbs / Math.max(Number(s.k) || 1, 1e-300);
    const lo = s.scale === "log" ? vmax * Math.pow(10, -Number(s.decades)) : 0;
    const e = v => v === 0 ? "0" : v.toExponential(2);
    const signed = s.cmap === "bwr";
    $("cbar-lo").textContent = signed ? "−" + e(vmax) : e(lo);
    $("cbar-mid").textContent = signed ? (s.scale === "log" ? `±${e(lo)} … 0` : "0") : (s.scale === "log" ? "log |H|" : "|H|");
    $("cbar-hi").textContent = (signed ? "+" : "") + e(vmax);
  }
  colorbar();

  // Image (entry) coordinates ↔ screen pixels of the viewer element.
  const toScreen = (x, y) => viewer.viewport.pixelFromPoint(viewer.viewport.imageToViewportCoordinates(x, y), true);
  const toImage = p => viewer.viewport.viewportToImageCoordinates(viewer.viewport.pointFromPixel(p, true));

  // Overlays: layer boundaries always, neuron-block lines only where a block is at least 6 screen pixels wide.
  // The canvas lives in OpenSeadragon's own canvas element and is sized in CSS pixels to the viewer's container,
  // the frame pixelFromPoint measures in (a stretched canvas would misplace every line).
  const canvas = document.createElement("canvas");
  canvas.id = "overlay";
  viewer.canvas.appendChild(canvas);
  function drawOverlay() {
    const w = viewer.container.clientWidth, h = viewer.container.clientHeight;
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w; canvas.height = h;
      canvas.style.width = w + "px"; canvas.style.height = h + "px";
    }
    const g = canvas.getContext("2d");
    g.clearRect(0, 0, w, h);
    if (!segs.length || info.rows !== info.cols) return;
    const a = toScreen(0, 0), b = toScreen(info.cols, info.rows);
    const perEntry = (b.x - a.x) / info.cols;
    const line = (c, style, width) => {
      const p = toScreen(c, c);
      g.strokeStyle = style; g.lineWidth = width; g.beginPath();
      if (p.x >= 0 && p.x <= w) { g.moveTo(p.x, Math.max(a.y, 0)); g.lineTo(p.x, Math.min(b.y, h)); }
      if (p.y >= 0 && p.y <= h) { g.moveTo(Math.max(a.x, 0), p.y); g.lineTo(Math.min(b.x, w), p.y); }
      g.stroke();
    };
    if ($("neurons").checked) {
      const first = toImage(new OpenSeadragon.Point(0, 0)), last = toImage(new OpenSeadragon.Point(w, h));
      const lo = Math.min(first.x, first.y), hi = Math.max(last.x, last.y);
      for (const s of segs) {
        if (s.cols * perEntry < 6) continue;
        const r0 = Math.max(1, Math.floor((lo - s.offset) / s.cols)), r1 = Math.min(s.rows - 1, Math.ceil((hi - s.offset) / s.cols));
        for (let r = r0; r <= r1; r++) line(s.offset + r * s.cols, "rgba(255,255,255,0.35)", 1);
      }
    }
    if ($("layers").checked) for (const s of segs.slice(1)) line(s.offset, "rgba(255,80,80,0.9)", 1.5);
  }
  viewer.addHandler("update-viewport", drawOverlay);
  viewer.addHandler("resize", drawOverlay);
  new ResizeObserver(drawOverlay).observe(viewer.container);
  $("layers").addEventListener("change", drawOverlay);
  $("neurons").addEventListener("change", drawOverlay);

  // Level readout.
  function levelText() {
    const item = viewer.world.getItemAt(0);
    if (!item) return;
    const perEntry = item.viewportToImageZoom(viewer.viewport.getZoom(true)); // screen px per entry
    const f = Math.pow(2, Math.max(0, Math.ceil(Math.log2(1 / perEntry) - 1e-9)));
    $("level").textContent = f <= 1 ? `exact: 1 entry = ${perEntry.toFixed(1)} screen px` : `pooled (${settings().pool}): 1 px ≈ ${f}×${f} entries`;
  }
  viewer.addHandler("animation-finish", levelText);
  viewer.addHandler("open", levelText);

  // Hover: the entry under the cursor, by name, with its exact value.
  const segOf = i => segs.find(s => i >= s.offset && i < s.offset + s.rows * s.cols);
  let pending = null, lastKey = "";
  const cellAt = pos => {
    const p = toImage(pos);
    const i = Math.floor(p.y), j = Math.floor(p.x);
    return (i >= 0 && j >= 0 && i < info.rows && j < info.cols) ? { i, j } : null;
  };
  new OpenSeadragon.MouseTracker({
    element: viewer.container,
    moveHandler: async e => {
      const c = cellAt(e.position);
      if (!c) return;
      const key = `${c.i},${c.j}`;
      if (key === lastKey) return;
      lastKey = key;
      if (pending) pending.abort();
      pending = new AbortController();
      try {
        const r = await (await fetch(`/api/entry?i=${c.i}&j=${c.j}`, { signal: pending.signal })).json();
        $("hover").textContent = `θ[${r.i}] × θ[${r.j}]\n${r.row} × ${r.col}\nH = ${typeof r.value === "number" ? r.value.toPrecision(6) : r.value}`;
        $("hover").dataset.value = String(r.value);
      } catch (err) { if (err.name !== "AbortError") throw err; }
    },
  });

  // Zoom to blocks: shift-click → neuron block under the cursor; layer map cell → layer block.
  const fitEntries = (x, y, w, h) => viewer.viewport.fitBounds(viewer.viewport.imageToViewportRectangle(x, y, w, h));
  viewer.addHandler("canvas-click", e => {
    if (!e.quick || !e.originalEvent.shiftKey || !segs.length) return;
    e.preventDefaultAction = true;
    const c = cellAt(e.position);
    const rs = c && segOf(c.i), cs = c && segOf(c.j);
    if (!rs || !cs) return;
    const bi = rs.offset + Math.floor((c.i - rs.offset) / rs.cols) * rs.cols, bj = cs.offset + Math.floor((c.j - cs.offset) / cs.cols) * cs.cols;
    fitEntries(bj, bi, cs.cols, rs.cols);
  });

  // Side panel: layer-block map (clickable), config and scalar metrics.
  const norms = (info.metrics && info.metrics.layerBlockFrobenius) || [];
  if (segs.length && norms.length) {
    const maxN = Math.max(...norms.map(n => n.frobenius));
    const head = "<tr><th></th>" + segs.map(s => `<th>${s.name}</th>`).join("") + "</tr>";
    const rows = segs.map(r => "<tr><th>" + r.name + "</th>" + segs.map(c => {
      const n = norms.find(x => x.row === r.name && x.column === c.name);
      const t = n ? n.frobenius / maxN : 0;
      return `<td class="cell" data-r="${r.name}" data-c="${c.name}" style="background: rgb(${Math.round(68 + 185 * t)},${Math.round(1 + 230 * t)},${Math.round(84 - 48 * t)})">${n ? n.frobenius.toPrecision(3) : ""}</td>`;
    }).join("") + "</tr>").join("");
    $("blockmap").innerHTML = head + rows;
    $("blockmap").addEventListener("click", e => {
      const td = e.target.closest("td.cell");
      if (!td) return;
      const r = segs.find(s => s.name === td.dataset.r), c = segs.find(s => s.name === td.dataset.c);
      fitEntries(c.offset, r.offset, c.rows * c.cols, r.rows * r.cols);
    });
  }
  const table = (el, obj) => {
    for (const [k, v] of Object.entries(obj || {})) {
      if (v !== null && typeof v === "object") continue;
      const tr = el.insertRow();
      tr.insertCell().textContent = k;
      tr.insertCell().textContent = fmt(v);
    }
  };
  table($("config"), info.config);
  table($("metrics"), info.metrics);
  if (info.metrics && info.metrics.structure) table($("metrics"), info.metrics.structure);

  window.hl = { viewer, info, settings, toScreen, drawOverlay };
})();
