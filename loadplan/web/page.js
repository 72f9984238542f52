/* The loadplan upload page: read an order, ask the API for a plan, show it in the 3D viewer. */
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var DEFAULT_TYPES = ["20GP", "40GP", "40HC"];
  var state = { text: null, name: null, planText: null, plan: null };
  var needsToken = document.querySelector('meta[name="loadplan-token"]').content === "required";

  function headers(extra) {
    var h = extra || {};
    var token = $("token").value.trim();
    if (token) h.Authorization = "Bearer " + token;
    return h;
  }

  function setStatus(text, bad) {
    $("status").textContent = text;
    $("status").className = bad ? "bad" : "";
  }

  function fmt(n, digits) {
    return Number(n).toLocaleString("en-US", { maximumFractionDigits: digits || 0, minimumFractionDigits: digits || 0 });
  }

  function cell(row, text) {
    var td = document.createElement("td");
    td.textContent = text;
    row.appendChild(td);
  }

  /* ---------------- the order ---------------- */
  function useFile(file) {
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () {
      state.text = reader.result;
      state.name = file.name;
      $("file-name").textContent = file.name + " (" + fmt(file.size) + " bytes)";
      $("rows").value = "";
    };
    reader.onerror = function () { setStatus("Could not read " + file.name, true); };
    reader.readAsText(file);
  }

  $("file").addEventListener("change", function (e) { useFile(e.target.files[0]); });
  var drop = $("drop");
  ["dragenter", "dragover"].forEach(function (ev) {
    drop.addEventListener(ev, function (e) { e.preventDefault(); drop.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (ev) {
    drop.addEventListener(ev, function (e) { e.preventDefault(); drop.classList.remove("over"); });
  });
  drop.addEventListener("drop", function (e) { useFile(e.dataTransfer.files[0]); });
  drop.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); $("file").click(); } });
  $("rows").addEventListener("input", function () {
    if ($("rows").value.trim()) { state.text = null; state.name = null; $("file-name").textContent = ""; $("file").value = ""; }
  });
  $("multi-drop").addEventListener("change", function () { $("stops").disabled = !$("multi-drop").checked; });

  /* ---------------- containers ---------------- */
  function loadContainers() {
    fetch("/api/v1/containers", { headers: headers() }).then(function (r) {
      if (r.status === 401) { $("token-box").hidden = false; throw new Error("token"); }
      return r.json();
    }).then(function (list) {
      var body = $("containers").tBodies[0];
      body.textContent = "";
      list.forEach(function (c) {
        var row = document.createElement("tr");
        var td = document.createElement("td");
        var box = document.createElement("input");
        box.type = "checkbox"; box.name = "type"; box.value = c.name; box.id = "type-" + c.name;
        box.checked = DEFAULT_TYPES.indexOf(c.name) >= 0;
        td.appendChild(box); row.appendChild(td);
        var label = document.createElement("td");
        var l = document.createElement("label"); l.htmlFor = box.id; l.textContent = c.name;
        label.appendChild(l); row.appendChild(label);
        cell(row, fmt(c.length) + " × " + fmt(c.width) + " × " + fmt(c.height));
        var costTd = document.createElement("td");
        var cost = document.createElement("input");
        cost.type = "number"; cost.min = "0"; cost.step = "any"; cost.id = "cost-" + c.name;
        cost.setAttribute("aria-label", "cost of a " + c.name);
        costTd.appendChild(cost); row.appendChild(costTd);
        body.appendChild(row);
      });
    }).catch(function (e) {
      if (e.message === "token") setStatus("This server needs its access token: enter it, then plan.", true);
      else setStatus("Could not reach the server: " + e.message, true);
    });
  }

  function options() {
    var types = Array.prototype.slice.call(document.querySelectorAll('input[name="type"]:checked')).map(function (b) { return b.value; });
    var costs = {};
    types.forEach(function (t) { var v = $("cost-" + t).value.trim(); if (v !== "") costs[t] = Number(v); });
    var out = { containers: types };
    if (Object.keys(costs).length) out.costs = costs;
    if ($("multi-drop").checked) {
      out.multi_drop = true;
      var stops = $("stops").value.split(",").map(function (s) { return s.trim(); }).filter(Boolean);
      if (stops.length) out.stops = stops;
    }
    return out;
  }

  function orderRequest() {
    var text = state.text != null ? state.text : $("rows").value;
    if (!text.trim()) return null;
    var opts = options();
    var looksJson = /\.json$/i.test(state.name || "") || /^\s*[\[{]/.test(text);
    if (looksJson) {
      var doc;
      try { doc = JSON.parse(text); } catch (e) {
        return { url: "/api/v1/plan", body: text, type: "application/json" };  // the server names the error
      }
      if (Array.isArray(doc)) doc = { drums: doc };
      if (doc && typeof doc === "object") Object.keys(opts).forEach(function (k) { doc[k] = opts[k]; });
      return { url: "/api/v1/plan", body: JSON.stringify(doc), type: "application/json" };
    }
    var q = new URLSearchParams();
    q.set("containers", opts.containers.join(","));
    if (opts.costs) q.set("costs", JSON.stringify(opts.costs));
    if (opts.multi_drop) q.set("multi_drop", "true");
    if (opts.stops) q.set("stops", opts.stops.join(","));
    return { url: "/api/v1/plan?" + q.toString(), body: text, type: "text/csv" };
  }

  /* ---------------- answers ---------------- */
  function showProblems(status, body) {
    $("answer").hidden = true;
    $("problems").hidden = false;
    $("result").hidden = false;
    var detail = (body && body.detail) || ("The server answered " + status);
    var count = ((body && body.problems) || []).length;
    // the heading already says the order has problems: say how many, or what the server said
    $("problem-detail").textContent = /^the (order|request) has problems$/i.test(detail)
      ? count + " problem" + (count === 1 ? "" : "s") + ", row by row:" : detail;
    var rows = $("problem-rows");
    rows.textContent = "";
    ((body && body.problems) || []).forEach(function (p) {
      var row = document.createElement("tr");
      cell(row, p.row == null ? "" : String(p.row));
      cell(row, p.field == null ? "" : p.field);
      cell(row, p.message);
      rows.appendChild(row);
    });
  }

  function showPlan(plan) {
    $("problems").hidden = true;
    $("answer").hidden = false;
    $("result").hidden = false;
    var loads = plan.loads || [];
    var types = {};
    loads.forEach(function (l) { types[l.container.name] = (types[l.container.name] || 0) + 1; });
    var mix = Object.keys(types).map(function (t) { return types[t] + " × " + t; }).join(", ");
    $("headline").textContent = fmt(plan.placed_count) + " drums in " + loads.length + " container" + (loads.length === 1 ? "" : "s") + (mix ? " (" + mix + ")" : "");
    var totals = "Cargo " + fmt(plan.total_weight) + " kg";
    if (plan.cost != null) totals += " · cost " + fmt(plan.cost, 2);
    if (plan.violations && plan.violations.length) totals += " · " + plan.violations.length + " safety violations";
    $("totals").textContent = totals;
    var body = $("loads").tBodies[0];
    body.textContent = "";
    loads.forEach(function (l, i) {
      var row = document.createElement("tr");
      cell(row, String(i + 1));
      cell(row, l.container.name);
      cell(row, (l.destinations || []).filter(function (d) { return d; }).join(", ") || "–");
      cell(row, fmt(l.count));
      cell(row, fmt(l.weight));
      cell(row, fmt(100 * l.volume_utilisation, 1) + " %");
      cell(row, fmt(100 * l.payload_utilisation, 1) + " %");
      cell(row, fmt(l.upper_bound));
      body.appendChild(row);
    });
    var un = plan.unplaced || [];
    $("unplaced").hidden = !un.length;
    $("unplaced").textContent = un.length ? "Not loaded: " + un.map(function (u) {
      return fmt(u.quantity) + " × " + u.sku + (u.destination ? " → " + u.destination : "") + " (" + u.reason + ")";
    }).join("; ") : "";
  }

  function render(format) {
    return fetch("/api/v1/render?format=" + format, {
      method: "POST", body: state.planText, headers: headers({ "Content-Type": "application/json" })
    }).then(function (r) {
      if (!r.ok) return r.json().then(function (b) { throw new Error(b.detail || ("HTTP " + r.status)); });
      return r.blob();
    });
  }

  function save(blob, name) {
    var url = URL.createObjectURL(blob);
    var a = document.createElement("a");
    a.href = url; a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  function download(format, name, button) {
    if (!state.planText) return;
    var label = button.textContent;
    button.disabled = true; button.textContent = "…";
    render(format).then(function (blob) { save(blob, name); })
      .catch(function (e) { setStatus(name + ": " + e.message, true); })
      .then(function () { button.disabled = false; button.textContent = label; });
  }

  $("dl-json").addEventListener("click", function () {
    if (state.planText) save(new Blob([state.planText], { type: "application/json" }), "plan.json");
  });
  $("dl-pdf").addEventListener("click", function () { download("pdf", "plan.pdf", $("dl-pdf")); });
  $("dl-csv").addEventListener("click", function () { download("csv", "placements.csv", $("dl-csv")); });

  $("order-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var req = orderRequest();
    if (!req) { setStatus("Choose or drop an order file, or paste rows first.", true); return; }
    if (!options().containers.length) { setStatus("Tick at least one container type.", true); return; }
    $("plan").disabled = true;
    setStatus("Planning…");
    var started = performance.now();
    fetch(req.url, { method: "POST", body: req.body, headers: headers({ "Content-Type": req.type, "Accept": "application/json" }) })
      .then(function (r) {
        return r.text().then(function (text) {
          var body = null;
          try { body = JSON.parse(text); } catch (err) { body = null; }
          if (!r.ok) {
            if (r.status === 401) $("token-box").hidden = false;
            showProblems(r.status, body);
            var n = (body && body.problems) ? body.problems.length : 0;
            setStatus(n > 1 ? "The order has " + n + " problems: see the list." :
              ((body && body.detail) || ("The server answered " + r.status)), true);
            $("result").scrollIntoView({ block: "start" });
            return;
          }
          state.planText = text;
          state.plan = body;
          showPlan(body);
          $("result").scrollIntoView({ block: "start" });
          setStatus("Planned in " + fmt((performance.now() - started) / 1000, 1) + " s; drawing the 3D view…");
          return render("html").then(function (blob) { return blob.text(); }).then(function (html) {
            $("viewer").srcdoc = html;
            setStatus("Planned in " + fmt((performance.now() - started) / 1000, 1) + " s.");
          });
        });
      })
      .catch(function (err) { setStatus("Could not reach the server: " + err.message, true); })
      .then(function () { $("plan").disabled = false; });
  });

  /* a viewer drawn while off screen (a throttled frame) is redrawn when it comes into view */
  if (window.IntersectionObserver) {
    new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (!e.isIntersecting) return;
        var f = $("viewer");
        f.style.height = (f.offsetHeight + 1) + "px";
        requestAnimationFrame(function () { f.style.height = ""; });
      });
    }).observe($("viewer"));
  }

  if (needsToken) $("token-box").hidden = false;
  $("token").value = sessionStorage.getItem("loadplan-token") || "";
  $("token").addEventListener("change", function () {
    sessionStorage.setItem("loadplan-token", $("token").value.trim());
    loadContainers();
  });
  loadContainers();
})();
