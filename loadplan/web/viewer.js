/* loadplan viewer: the page's own script. Needs the global THREE (vendored three.js bundle)
   and the plan data in the JSON element #plan-data. Container frame: x from the front wall (nose)
   to the doors, y across, z up; millimetres. The world is drawn z-up in that frame. */
(function () {
  "use strict";
  var T = THREE;
  var DATA = JSON.parse(document.getElementById("plan-data").textContent);
  var PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1",
    "#ff9da7", "#9c755f", "#86bcb6", "#d37295", "#8cd17d"];
  var AXIS_WORDS = ["standing (z)", "lying along (x)", "lying across (y)"];
  var MUTED = new T.Color("#a9b1bc");
  var $ = function (id) { return document.getElementById(id); };

  function skuColor(i) {
    if (i < PALETTE.length) return new T.Color(PALETTE[i]);
    return new T.Color().setHSL((i * 0.618034) % 1, 0.55, 0.55);
  }
  var SKU_COLORS = DATA.skus.map(function (s, i) { return skuColor(i); });

  function decode(col) {
    var bin = atob(col.b), n = bin.length, bytes = new Uint8Array(n);
    for (var i = 0; i < n; i++) bytes[i] = bin.charCodeAt(i);
    var C = { f4: Float32Array, f8: Float64Array, u1: Uint8Array, u2: Uint16Array, u4: Uint32Array }[col.t];
    return new C(bytes.buffer);
  }
  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }
  function fmt(n, d) { return Number(n).toLocaleString("en-US", { minimumFractionDigits: d || 0, maximumFractionDigits: d || 0 }); }
  function m(mm) { return fmt(mm / 1000, 2) + " m"; }
  function pct(f) { return fmt(100 * f, 1) + " %"; }

  /* ---------------- per-container state, decoded lazily ---------------- */
  function prepare(load) {
    if (load._p) return load._p;
    var c = load.columns, p = {
      x: decode(c.x), y: decode(c.y), z: decode(c.z), kind: decode(c.kind), dest: decode(c.dest),
      axis: decode(c.axis), step: decode(c.step), block: decode(c.block)
    };
    var n = p.x.length;
    // slider positions: distinct steps in order (placements are sorted by step)
    var ends = [0];
    for (var i = 0; i < n; i++) {
      if (i + 1 === n || p.step[i + 1] !== p.step[i]) ends.push(i + 1);
    }
    p.ends = ends;
    p.n = n;
    p.d = new Float32Array(n); p.h = new Float32Array(n); p.sku = new Uint16Array(n);
    for (i = 0; i < n; i++) {
      var k = DATA.kinds[p.kind[i]];
      p.d[i] = k.diameter; p.h[i] = k.height; p.sku[i] = k.sku;
    }
    // where each block ends on the slider, and which instruction describes it
    p.blockEnd = [];
    var pos = 0;
    for (i = 0; i < n; i++) {
      while (ends[pos + 1] <= i) pos++;
      p.blockEnd[p.block[i]] = pos + 1;
    }
    p.instrOfBlock = [];
    load.steps.forEach(function (s, j) { if (s.block !== null) p.instrOfBlock[s.block] = j; });
    if (load.boards) {
      var b = load.boards;
      p.boards = { x0: decode(b.x0), x1: decode(b.x1), y0: decode(b.y0), y1: decode(b.y1),
        z: decode(b.z), t: decode(b.thickness), first: decode(b.first), n: b.count };
    }
    load._p = p;
    return p;
  }

  /* ---------------- three.js scene ---------------- */
  var canvas = $("view"), stage = $("stage");
  if (!hasWebGL2()) {  // say so instead of failing: the summary is in the report and JSON
    var note = document.createElement("div");
    note.id = "empty";
    note.textContent = "This browser cannot draw the 3D view (WebGL 2 is off or missing). " +
      "The PDF report and PNG views show the same plan.";
    stage.appendChild(note);
    window.loadplanViewer = Object.freeze({ ready: true, error: "webgl" });
    return;
  }
  function hasWebGL2() {
    try { return !!document.createElement("canvas").getContext("webgl2"); } catch (e) { return false; }
  }
  var renderer = new T.WebGLRenderer({ canvas: canvas, antialias: true, powerPreference: "high-performance" });
  renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
  renderer.setClearColor(0x000000, 0);
  var scene = new T.Scene();
  var camera = new T.PerspectiveCamera(35, 1, 10, 400000);
  camera.up.set(0, 0, 1);
  var controls = new T.OrbitControls(camera, canvas);
  controls.enableDamping = false;
  controls.maxPolarAngle = Math.PI * 0.499;
  controls.zoomToCursor = true;
  scene.add(new T.HemisphereLight(0xffffff, 0x8a8f99, 1.6));
  var sun = new T.DirectionalLight(0xffffff, 1.5);
  scene.add(sun);
  scene.add(sun.target);
  var group = null, drums = null, boardMesh = null, cutLines = null;
  var state = { load: -1, pos: 0, cutZ: Infinity, cutX: Infinity, selected: -1, playing: false, visible: 0 };
  var slots = new Int32Array(0);   // instance -> drum index
  var pending = false, firstFrame = true;

  function requestRender() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; renderer.render(scene, camera); markReady(); });
  }
  function markReady() {
    if (!firstFrame) return;
    firstFrame = false;
    requestAnimationFrame(function () {  // the next frame: the first one is on screen
      firstRenderMs = performance.now();  // since navigation start
      ready = true;
    });
  }
  controls.addEventListener("change", function () { hideTip(); requestRender(); });

  function resize() {
    var w = stage.clientWidth, h = stage.clientHeight;
    if (!w || !h) return;
    renderer.setSize(w, h, false);
    camera.aspect = w / h;
    camera.updateProjectionMatrix();
    if (state.load >= 0 && !userMoved) setView(currentView);
    requestRender();
  }
  new ResizeObserver(resize).observe(stage);

  function line(points, color, opacity) {
    var g = new T.BufferGeometry();
    g.setAttribute("position", new T.Float32BufferAttribute(points, 3));
    return new T.LineSegments(g, new T.LineBasicMaterial({ color: color, transparent: opacity < 1, opacity: opacity }));
  }
  function rect(pts) {  // closed polygon as segments
    var out = [];
    for (var i = 0; i < pts.length; i++) { out.push.apply(out, pts[i]); out.push.apply(out, pts[(i + 1) % pts.length]); }
    return out;
  }
  function label(text, color, size) {
    var cv = document.createElement("canvas"), ctx = cv.getContext("2d");
    cv.width = 256; cv.height = 64;
    ctx.font = "700 38px system-ui, sans-serif";
    ctx.textAlign = "center"; ctx.textBaseline = "middle";
    ctx.fillStyle = color;
    ctx.fillText(text, 128, 34);
    var tex = new T.CanvasTexture(cv);
    tex.colorSpace = T.SRGBColorSpace;
    var s = new T.Sprite(new T.SpriteMaterial({ map: tex, depthTest: false, transparent: true }));
    s.scale.set(size, size / 4, 1);
    s.renderOrder = 10;
    return s;
  }

  function containerFrame(c, g) {
    var L = c.length, W = c.width, H = c.height;
    var floor = new T.Mesh(new T.PlaneGeometry(L, W), new T.MeshLambertMaterial({ color: 0xdfe3ea }));
    floor.position.set(L / 2, W / 2, -0.5);
    g.add(floor);
    var grid = [];
    for (var x = 1000; x < L; x += 1000) grid.push(x, 0, 0, x, W, 0);
    g.add(line(grid, 0x9aa3b2, 0.6));
    var e = [0, L], f = [0, W], k = [0, H], box = [];
    // the 12 edges of the box
    e.forEach(function (xx) { f.forEach(function (yy) { box.push(xx, yy, 0, xx, yy, H); }); });
    e.forEach(function (xx) { k.forEach(function (zz) { box.push(xx, 0, zz, xx, W, zz); }); });
    f.forEach(function (yy) { k.forEach(function (zz) { box.push(0, yy, zz, L, yy, zz); }); });
    g.add(line(box, 0x2b3447, 0.9));
    // doors: the opening at x = L
    var y0 = (W - c.door_width) / 2, y1 = y0 + c.door_width, dh = c.door_height;
    var door = line(rect([[L, y0, 0], [L, y1, 0], [L, y1, dh], [L, y0, dh]]), 0xe8590c, 1);
    g.add(door);
    var pane = new T.Mesh(new T.PlaneGeometry(dh, c.door_width), new T.MeshBasicMaterial({
      color: 0xe8590c, transparent: true, opacity: 0.08, side: T.DoubleSide, depthWrite: false }));
    pane.rotation.y = Math.PI / 2;  // in the door plane x = L
    pane.position.set(L, W / 2, dh / 2);
    g.add(pane);
    var mid = line([L, W / 2, 0, L, W / 2, dh], 0xe8590c, 0.8);
    g.add(mid);
    var dl = label("DOORS", "#c2410c", 1600);
    dl.position.set(L, W / 2, H + 300);
    g.add(dl);
    var fl = label("FRONT", "#334155", 1600);
    fl.position.set(0, W / 2, H + 300);
    g.add(fl);
  }

  function cogMarker(load, g) {
    var c = load.cog, r = 180;
    g.add(line([c[0] - r, c[1], 1, c[0] + r, c[1], 1, c[0], c[1] - r, 1, c[0], c[1] + r, 1,
      c[0], c[1], 1, c[0], c[1], c[2]], 0xd92d20, 1));
  }

  function buildDrums(p, n) {
    var seg = n > 30000 ? 8 : n > 8000 ? 14 : 24;  // 4 * seg triangles a drum
    var geo = new T.CylinderGeometry(0.5, 0.5, 1, seg, 1, false);
    geo.rotateX(Math.PI / 2);  // axis along z
    var mat = new T.MeshLambertMaterial({ color: 0xffffff });
    var mesh = new T.InstancedMesh(geo, mat, Math.max(n, 1));
    mesh.instanceMatrix.setUsage(T.DynamicDrawUsage);
    mesh.setColorAt(0, new T.Color(1, 1, 1));
    mesh.instanceColor.setUsage(T.DynamicDrawUsage);
    mesh.count = 0;
    mesh.frustumCulled = false;
    return mesh;
  }

  function buildBoards(p) {
    if (!p.boards || !p.boards.n) return null;
    var b = p.boards, mesh = new T.InstancedMesh(new T.BoxGeometry(1, 1, 1),
      new T.MeshLambertMaterial({ color: 0xc9a66b, transparent: true, opacity: 0.85 }), b.n);
    mesh.frustumCulled = false;
    mesh.count = 0;
    return mesh;
  }

  function showContainer(i) {
    var load = DATA.loads[i], p = prepare(load), c = load.container;
    if (group) { scene.remove(group); disposeGroup(group); }
    group = new T.Group();
    containerFrame(c, group);
    if (p.n) cogMarker(load, group);
    drums = buildDrums(p, p.n);
    group.add(drums);
    boardMesh = buildBoards(p);
    if (boardMesh) group.add(boardMesh);
    cutLines = new T.Group();
    group.add(cutLines);
    scene.add(group);
    slots = new Int32Array(p.n);
    state.load = i; state.selected = -1;
    state.pos = p.ends.length - 1;
    state.cutZ = Infinity; state.cutX = Infinity;
    var maxZ = c.height, maxX = c.length;
    setupSlider($("cut-z"), maxZ); setupSlider($("cut-x"), maxX);
    $("step").max = String(p.ends.length - 1);
    sun.position.set(c.length * 0.8, -c.width * 2.5, c.height * 4);
    sun.target.position.set(c.length / 2, c.width / 2, 0);
    setView("iso");
    renderTabs(); renderSummary(load); renderLegend(load, p); renderSteps(load);
    hideTip();
    update();
  }
  function setupSlider(el, max) { el.max = String(Math.round(max)); el.value = el.max; el.step = "10"; }
  function disposeGroup(g) {
    g.traverse(function (o) {
      if (o.geometry) o.geometry.dispose();
      if (o.material) { if (o.material.map) o.material.map.dispose(); o.material.dispose(); }
    });
  }

  /* ---------------- what is shown: step, cuts, highlight ---------------- */
  var tmpColor = new T.Color();
  function update() {
    var load = DATA.loads[state.load], p = prepare(load);
    var shown = p.ends[state.pos], last = shown - 1, replaying = state.pos < p.ends.length - 1;
    var curBlock = last >= 0 ? p.block[last] : -1;
    var mArr = drums.instanceMatrix.array, cArr = drums.instanceColor.array, k = 0;
    var cz = state.cutZ, cx = state.cutX;
    for (var i = 0; i < shown; i++) {
      var x = p.x[i], y = p.y[i], z = p.z[i];
      if (z > cz || x > cx) continue;
      var d = p.d[i], h = p.h[i], a = p.axis[i], o = 16 * k;
      for (var q = 0; q < 16; q++) mArr[o + q] = 0;
      if (a === 0) { mArr[o] = d; mArr[o + 5] = d; mArr[o + 10] = h; }
      else if (a === 1) { mArr[o + 1] = d; mArr[o + 6] = d; mArr[o + 8] = h; }
      else { mArr[o + 2] = d; mArr[o + 4] = d; mArr[o + 9] = h; }
      mArr[o + 12] = x; mArr[o + 13] = y; mArr[o + 14] = z; mArr[o + 15] = 1;
      tmpColor.copy(SKU_COLORS[p.sku[i]]);
      var jitter = 0.93 + 0.07 * ((Math.imul(i, 2654435761) >>> 0) % 1000) / 1000;
      if (replaying && p.block[i] !== curBlock) tmpColor.lerp(MUTED, 0.7);
      else if (replaying) tmpColor.offsetHSL(0, 0.05, 0.04);
      if (i === state.selected) tmpColor.lerp(new T.Color(1, 1, 1), 0.55);
      cArr[3 * k] = tmpColor.r * jitter; cArr[3 * k + 1] = tmpColor.g * jitter; cArr[3 * k + 2] = tmpColor.b * jitter;
      slots[k] = i;
      k++;
    }
    drums.count = k;
    drums.instanceMatrix.needsUpdate = true;
    drums.instanceColor.needsUpdate = true;
    state.visible = k;
    updateBoards(p, shown);
    updateCutLines(load.container);
    renderReplay(load, p, shown, curBlock);
    requestRender();
  }

  function updateBoards(p, shown) {
    if (!boardMesh) return;
    var b = p.boards, mat = new T.Matrix4(), k = 0;
    for (var j = 0; j < b.n; j++) {
      if (b.first[j] >= shown || b.z[j] > state.cutZ || b.x0[j] > state.cutX) continue;
      var x1 = Math.min(b.x1[j], state.cutX);
      mat.makeScale(x1 - b.x0[j], b.y1[j] - b.y0[j], b.t[j]);
      mat.setPosition((b.x0[j] + x1) / 2, (b.y0[j] + b.y1[j]) / 2, b.z[j] + b.t[j] / 2);
      boardMesh.setMatrixAt(k++, mat);
    }
    boardMesh.count = k;
    boardMesh.instanceMatrix.needsUpdate = true;
  }

  function updateCutLines(c) {
    while (cutLines.children.length) { var o = cutLines.children.pop(); o.geometry.dispose(); o.material.dispose(); }
    var L = c.length, W = c.width, H = c.height;
    if (state.cutZ < H) cutLines.add(line(rect([[0, 0, state.cutZ], [L, 0, state.cutZ], [L, W, state.cutZ], [0, W, state.cutZ]]), 0x7a5af8, 1));
    if (state.cutX < L) cutLines.add(line(rect([[state.cutX, 0, 0], [state.cutX, W, 0], [state.cutX, W, H], [state.cutX, 0, H]]), 0x7a5af8, 1));
  }

  /* ---------------- side panel and controls ---------------- */
  function renderTabs() {
    var nav = $("tabs");
    nav.innerHTML = "";
    nav.hidden = DATA.loads.length === 0;
    DATA.loads.forEach(function (load, i) {
      var b = document.createElement("button");
      b.type = "button";
      b.setAttribute("role", "tab");
      b.setAttribute("aria-selected", String(i === state.load));
      var dest = load.destinations.filter(Boolean).join(", ") || "no destination";
      b.innerHTML = "#" + (i + 1) + " " + esc(load.container.name) + " &rarr; " + esc(dest) + '<span class="n">' + fmt(load.count) + "</span>";
      b.addEventListener("click", function () { stop(); showContainer(i); });
      nav.appendChild(b);
    });
  }
  function renderSummary(load) {
    var c = load.container, dest = load.destinations.filter(Boolean).join(", ") || "-";
    var rows = [
      ["Container", "#" + (state.load + 1) + " of " + DATA.loads.length + " · " + c.name, "big"],
      ["Destination", dest],
      ["Drums", fmt(load.count), "big"],
      ["Upper bound", fmt(load.upper_bound) + " (gap " + fmt(load.gap) + ")"],
      ["Cargo weight", fmt(load.weight) + " kg"],
      ["Payload used", pct(load.payload_utilisation) + " of " + fmt(c.max_payload) + " kg"],
      ["Volume used", pct(load.volume_utilisation)],
      ["CoG x / y / z", fmt(load.cog[0] / 1000, 2) + " / " + fmt(load.cog[1] / 1000, 2) + " / " + fmt(load.cog[2] / 1000, 2) + " m"],
      ["CoG offset", (load.cog_offset >= 0 ? "+" : "") + pct(load.cog_offset) + " of the length"],
      ["Inside L × W × H", fmt(c.length / 1000, 2) + " × " + fmt(c.width / 1000, 2) + " × " + fmt(c.height / 1000, 2) + " m"]
    ];
    $("summary").innerHTML = rows.map(function (r) {
      return "<dt>" + esc(r[0]) + "</dt><dd" + (r[2] ? ' class="big"' : "") + ">" + esc(r[1]) + "</dd>";
    }).join("");
    $("notes").innerHTML = load.notes.map(function (t) { return "<li>" + esc(t) + "</li>"; }).join("");
  }
  function renderLegend(load, p) {
    var counts = {}, size = {};
    for (var i = 0; i < p.n; i++) {
      counts[p.sku[i]] = (counts[p.sku[i]] || 0) + 1;
      size[p.sku[i]] = DATA.kinds[p.kind[i]];
    }
    var html = DATA.skus.map(function (s, j) {
      if (!counts[j]) return "";
      var k = size[j];
      return '<li><span class="sw" style="background:#' + SKU_COLORS[j].getHexString() + '"></span><span>' + esc(s.name) +
        ' <span class="sz">Ø ' + fmt(k.diameter) + " × " + fmt(k.height) + " mm · " + fmt(k.weight, 1) + " kg</span></span>" +
        '<span class="n">' + fmt(counts[j]) + "</span></li>";
    }).join("");
    if (p.boards && p.boards.n) html += '<li class="extra"><span class="sw" style="background:#c9a66b"></span><span>Layer boards</span><span class="n">' + fmt(p.boards.n) + "</span></li>";
    html += '<li class="extra"><span class="sw" style="background:#d92d20;height:3px"></span><span>Centre of gravity</span></li>';
    html += '<li class="extra"><span class="sw" style="background:#e8590c;height:3px"></span><span>Door opening</span></li>';
    $("legend").innerHTML = html;
  }
  function renderSteps(load) {
    var ol = $("steps");
    ol.innerHTML = load.steps.map(function (s, j) {
      return '<li data-i="' + j + '">' + esc(s.text) + s.details.map(function (d) { return '<span class="d">' + esc(d) + "</span>"; }).join("") + "</li>";
    }).join("");
    Array.prototype.forEach.call(ol.children, function (li) {
      li.addEventListener("click", function () {
        var s = load.steps[+li.dataset.i], p = prepare(load);
        stop();
        setPos(s.block !== null ? p.blockEnd[s.block] : (+li.dataset.i === 0 ? 0 : p.ends.length - 1));
      });
    });
    var box = $("unplaced-box");
    box.hidden = DATA.unplaced.length === 0;
    $("unplaced").innerHTML = DATA.unplaced.map(function (u) {
      return "<li>" + fmt(u.quantity) + " × " + esc(u.sku) + (u.destination ? " for " + esc(u.destination) : "") + ": " + esc(u.reason) + "</li>";
    }).join("");
  }
  function currentInstruction(load, p, shown, curBlock) {
    if (shown === 0) return load.steps[0] && load.steps[0].block === null ? 0 : -1;
    if (state.pos === p.ends.length - 1) {
      var lastI = load.steps.length - 1;
      return load.steps[lastI].block === null ? lastI : p.instrOfBlock[curBlock];
    }
    var j = p.instrOfBlock[curBlock];
    return j === undefined ? -1 : j;
  }
  function renderReplay(load, p, shown, curBlock) {
    var S = p.ends.length - 1;
    $("step").value = String(state.pos);
    $("step-label").textContent = "step " + fmt(state.pos) + " / " + fmt(S) + (state.visible !== shown ? " · " + fmt(state.visible) + " shown" : "");
    var j = currentInstruction(load, p, shown, curBlock), box = $("instruction");
    if (j < 0) box.innerHTML = '<span class="d">Nothing loaded yet: press play or drag the slider.</span>';
    else {
      var s = load.steps[j];
      box.innerHTML = "<b>" + esc(s.text) + "</b>" + s.details.map(function (d) { return '<div class="d">' + esc(d) + "</div>"; }).join("");
    }
    Array.prototype.forEach.call($("steps").children, function (li, i) {
      li.classList.toggle("current", i === j);
      li.classList.toggle("done", j >= 0 && i < j && state.pos < S);
    });
    if (j !== lastInstruction) { lastInstruction = j; if (state.pos < S) scrollToStep(j); }
    $("cut-z-label").textContent = state.cutZ === Infinity ? "off" : m(state.cutZ);
    $("cut-x-label").textContent = state.cutX === Infinity ? "off" : m(state.cutX);
    $("play").innerHTML = state.playing ? "&#10074;&#10074;" : "&#9654;";
  }

  var lastInstruction = -2;
  function scrollToStep(j) {  // keep the current instruction in sight in its list (desktop)
    var ol = $("steps"), li = ol.children[j];
    if (!li || ol.scrollHeight <= ol.clientHeight + 1 || getComputedStyle(ol).overflowY !== "auto") return;
    var top = li.offsetTop - ol.offsetTop;
    if (top < ol.scrollTop || top + li.offsetHeight > ol.scrollTop + ol.clientHeight) ol.scrollTop = top - ol.clientHeight / 3;
  }
  function setPos(k) {
    var p = prepare(DATA.loads[state.load]);
    state.pos = Math.max(0, Math.min(p.ends.length - 1, Math.round(k)));
    update();
  }
  var playT = 0, playAcc = 0;
  function tick(now) {
    if (!state.playing) return;
    var p = prepare(DATA.loads[state.load]), S = p.ends.length - 1;
    var rate = Math.max(12, S / 20);  // steps per second: a full replay takes about 20 s
    playAcc += Math.min(0.1, (now - playT) / 1000) * rate;
    playT = now;
    var adv = Math.floor(playAcc);
    if (adv > 0) { playAcc -= adv; setPos(state.pos + adv); }
    if (state.pos >= S) { stop(); return; }
    requestAnimationFrame(tick);
  }
  function play() {
    var p = prepare(DATA.loads[state.load]);
    if (state.pos >= p.ends.length - 1) state.pos = 0;
    state.playing = true; playT = performance.now(); playAcc = 0;
    update();
    requestAnimationFrame(tick);
  }
  function stop() { if (state.playing) { state.playing = false; update(); } }
  function jumpBlock(dir) {
    var p = prepare(DATA.loads[state.load]), ends = p.blockEnd.slice().sort(function (a, b) { return a - b; });
    ends.unshift(0);
    var target = dir > 0 ? ends.find(function (e) { return e > state.pos; }) : ends.slice().reverse().find(function (e) { return e < state.pos; });
    stop();
    if (target !== undefined) setPos(target);
  }

  $("play").addEventListener("click", function () { state.playing ? stop() : play(); });
  $("prev").addEventListener("click", function () { jumpBlock(-1); });
  $("next").addEventListener("click", function () { jumpBlock(1); });
  $("step").addEventListener("input", function (e) { stop(); setPos(+e.target.value); });
  function cutInput(el, key) {
    el.addEventListener("input", function () {
      state[key] = +el.value >= +el.max ? Infinity : +el.value;
      update();
    });
  }
  cutInput($("cut-z"), "cutZ"); cutInput($("cut-x"), "cutX");
  document.addEventListener("keydown", function (e) {  // space: play / pause (outside inputs)
    if (e.key !== " " || /^(INPUT|BUTTON|TEXTAREA|SELECT)$/.test(e.target.tagName)) return;
    e.preventDefault();
    if (state.playing) stop(); else play();
  });
  Array.prototype.forEach.call(document.querySelectorAll("#views button"), function (b) {
    b.addEventListener("click", function () { setView(b.dataset.view); });
  });

  /* ---------------- camera views ---------------- */
  var currentView = "iso", userMoved = false;
  function fitDistance(dir, target, c, margin) {
    var corners = [], v = new T.Vector3(), lo = 100, hi = 1e6;
    [0, c.length].forEach(function (x) { [0, c.width].forEach(function (y) { [0, c.height].forEach(function (z) { corners.push(new T.Vector3(x, y, z)); }); }); });
    for (var it = 0; it < 40; it++) {
      var mid = Math.sqrt(lo * hi), ok = true;
      camera.position.copy(target).addScaledVector(dir, mid);
      camera.lookAt(target);
      camera.updateMatrixWorld();
      for (var j = 0; j < 8 && ok; j++) {
        v.copy(corners[j]).project(camera);
        ok = Math.abs(v.x) <= margin && Math.abs(v.y) <= margin && v.z < 1 && v.z > -1;
      }
      if (ok) hi = mid; else lo = mid;
    }
    return hi;
  }
  function setView(kind) {
    var c = DATA.loads[state.load].container, L = c.length, W = c.width, H = c.height;
    var target = new T.Vector3(L / 2, W / 2, H / 2), dir, narrow = camera.aspect < 1.1;
    if (kind === "top") dir = new T.Vector3(0, -0.0001, 1);
    else if (kind === "side") dir = new T.Vector3(0, -1, 0.08);
    else if (kind === "doors") dir = new T.Vector3(1, -0.18, 0.3);
    else dir = narrow ? new T.Vector3(1, -0.75, 0.9) : new T.Vector3(0.5, -1, 0.75);
    dir.normalize();
    var dist = fitDistance(dir, target, c, kind === "iso" ? 0.9 : 0.86);
    camera.position.copy(target).addScaledVector(dir, dist);
    controls.target.copy(target);
    controls.update();
    currentView = kind; userMoved = false;
    requestRender();
  }
  controls.addEventListener("start", function () { userMoved = true; });

  /* ---------------- picking: exact ray-cylinder tests over the shown drums ---------------- */
  var raycaster = new T.Raycaster(), ndc = new T.Vector2();
  function pick(clientX, clientY) {
    var rect = canvas.getBoundingClientRect();
    ndc.set(((clientX - rect.left) / rect.width) * 2 - 1, -((clientY - rect.top) / rect.height) * 2 + 1);
    raycaster.setFromCamera(ndc, camera);
    var o = raycaster.ray.origin, v = raycaster.ray.direction;
    var p = prepare(DATA.loads[state.load]), best = Infinity, hit = -1;
    var O = [0, 0, 0], D = [v.x, v.y, v.z];
    for (var k = 0; k < state.visible; k++) {
      var i = slots[k], r = p.d[i] / 2, hh = p.h[i] / 2;
      O[0] = o.x - p.x[i]; O[1] = o.y - p.y[i]; O[2] = o.z - p.z[i];
      // bounding sphere first
      var bsq = r * r + hh * hh, tc = -(O[0] * D[0] + O[1] * D[1] + O[2] * D[2]);
      var dx = O[0] + tc * D[0], dy = O[1] + tc * D[1], dz = O[2] + tc * D[2];
      if (dx * dx + dy * dy + dz * dz > bsq) continue;
      var a = p.axis[i] === 0 ? 2 : p.axis[i] === 1 ? 0 : 1, u = (a + 1) % 3, w = (a + 2) % 3;
      var t = cylinderHit(O[a], D[a], O[u], D[u], O[w], D[w], r, hh);
      if (t < best) { best = t; hit = i; }
    }
    return hit;
  }
  function cylinderHit(oa, da, ou, du, ow, dw, r, hh) {
    var best = Infinity, A = du * du + dw * dw, B = 2 * (ou * du + ow * dw), C = ou * ou + ow * ow - r * r;
    if (A > 1e-12) {
      var disc = B * B - 4 * A * C;
      if (disc >= 0) {
        var s = Math.sqrt(disc), t1 = (-B - s) / (2 * A), t2 = (-B + s) / (2 * A);
        [t1, t2].forEach(function (t) { if (t > 0 && t < best && Math.abs(oa + t * da) <= hh) best = t; });
      }
    }
    if (Math.abs(da) > 1e-12) {
      [hh, -hh].forEach(function (cap) {
        var t = (cap - oa) / da, pu = ou + t * du, pw = ow + t * dw;
        if (t > 0 && t < best && pu * pu + pw * pw <= r * r) best = t;
      });
    }
    return best;
  }

  var tip = $("tip");
  function hideTip() { if (!tip.hidden) { tip.hidden = true; } }
  function showTip(i, clientX, clientY, docked) {
    var load = DATA.loads[state.load], p = prepare(load), k = DATA.kinds[p.kind[i]], sku = DATA.skus[k.sku].name;
    var dest = DATA.destinations[p.dest[i]] || "-";
    tip.innerHTML = '<b><span class="sw" style="background:#' + SKU_COLORS[k.sku].getHexString() + '"></span>' + esc(sku) + "</b>" +
      "<table><tr><td>Destination</td><td>" + esc(dest) + "</td></tr>" +
      "<tr><td>Centre x, y, z</td><td>" + fmt(p.x[i] / 1000, 2) + ", " + fmt(p.y[i] / 1000, 2) + ", " + fmt(p.z[i] / 1000, 2) + " m</td></tr>" +
      "<tr><td>Axis</td><td>" + AXIS_WORDS[p.axis[i]] + "</td></tr>" +
      "<tr><td>Step</td><td>" + fmt(p.step[i]) + " (" + fmt(i + 1) + " of " + fmt(p.n) + ")</td></tr>" +
      "<tr><td>Size</td><td>Ø " + fmt(k.diameter) + " × " + fmt(k.height) + " mm, " + fmt(k.weight, 1) + " kg</td></tr></table>";
    tip.hidden = false;
    var rect = stage.getBoundingClientRect();
    if (docked) {  // touch: keep the finger's spot clear, dock at the bottom of the view
      tip.style.left = "8px"; tip.style.top = Math.max(4, rect.height - tip.offsetHeight - 8) + "px";
      return;
    }
    var x = clientX - rect.left + 14, y = clientY - rect.top + 14;
    if (x + tip.offsetWidth > rect.width) x = Math.max(4, clientX - rect.left - tip.offsetWidth - 14);
    if (y + tip.offsetHeight > rect.height) y = Math.max(4, clientY - rect.top - tip.offsetHeight - 14);
    tip.style.left = x + "px"; tip.style.top = y + "px";
  }
  function select(clientX, clientY, docked) {
    var i = pick(clientX, clientY);
    var changed = i !== state.selected;
    state.selected = i;
    if (i >= 0) showTip(i, clientX, clientY, docked); else hideTip();
    if (changed) update();
    return i;
  }
  var down = null, hoverPending = false;
  canvas.addEventListener("pointerdown", function (e) { down = { x: e.clientX, y: e.clientY }; });
  canvas.addEventListener("pointerup", function (e) {
    if (down && Math.abs(e.clientX - down.x) + Math.abs(e.clientY - down.y) < 8) {
      select(e.clientX, e.clientY, e.pointerType !== "mouse");
    }
    down = null;
  });
  canvas.addEventListener("pointermove", function (e) {
    if (e.pointerType !== "mouse" || e.buttons || hoverPending) return;
    hoverPending = true;
    requestAnimationFrame(function () { hoverPending = false; select(e.clientX, e.clientY); });
  });
  canvas.addEventListener("pointerleave", function (e) { if (e.pointerType === "mouse") hideTip(); });

  /* ---------------- read-only hook for tests and tools ---------------- */
  var ready = false, firstRenderMs = null;
  var api = {
    get ready() { return ready; },
    get firstRenderMs() { return firstRenderMs; },
    containerCount: function () { return DATA.loads.length; },
    current: function () { return state.load; },
    selectContainer: function (i) { stop(); showContainer(i); },
    stepCount: function () { return prepare(DATA.loads[state.load]).ends.length - 1; },
    step: function () { return state.pos; },
    setStep: function (k) { stop(); setPos(k); },
    setCuts: function (height, length) {
      state.cutZ = height == null ? Infinity : height; state.cutX = length == null ? Infinity : length;
      $("cut-z").value = String(Math.min(state.cutZ, +$("cut-z").max));
      $("cut-x").value = String(Math.min(state.cutX, +$("cut-x").max));
      update();
    },
    setView: function (kind) { setView(kind); },
    visibleCount: function () { return state.visible; },
    boardCount: function () { return boardMesh ? boardMesh.count : 0; },
    totalCount: function () { return prepare(DATA.loads[state.load]).n; },
    drumSku: function (i) { var p = prepare(DATA.loads[state.load]); return DATA.skus[DATA.kinds[p.kind[i]].sku].name; },
    projectDrum: function (i) {
      var p = prepare(DATA.loads[state.load]), a = p.axis[i];
      var top = new T.Vector3(p.x[i], p.y[i], p.z[i] + (a === 0 ? p.h[i] : p.d[i]) / 2 - 1);
      camera.updateMatrixWorld();
      top.project(camera);
      var rect = canvas.getBoundingClientRect();
      return { x: rect.left + (top.x + 1) / 2 * rect.width, y: rect.top + (1 - top.y) / 2 * rect.height,
        inside: Math.abs(top.x) < 1 && Math.abs(top.y) < 1 && top.z < 1 };
    },
    pickAt: function (x, y) { return pick(x, y); }
  };
  window.loadplanViewer = Object.freeze(api);

  $("plan-title").textContent = DATA.title + (DATA.unplaced.length ? " · " + fmt(DATA.unplaced.reduce(function (s, u) { return s + u.quantity; }, 0)) + " not loaded" : "");
  if (DATA.loads.length) { resize(); showContainer(0); }
  else {
    var e = document.createElement("div");
    e.id = "empty"; e.textContent = "This plan has no containers.";
    stage.appendChild(e);
    renderSteps({ steps: [] });
    ready = true;
  }
})();
