"use strict";
// The moderation review page. Data from the page's own endpoints (session cookie + CSRF token); decisions wait out
// the undo window in the page, then go to the server, which decides them as the Admin API's update does.
(() => {
  const body = document.body;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const base = "/v1_1/" + encodeURIComponent(body.dataset.cloud) + "/moderation/review";
  const pollMillis = Math.max(1000, parseInt(body.dataset.poll, 10) || 3000);
  const undoMillis = Math.max(0, parseInt(body.dataset.undo, 10) || 0);
  const params = new URLSearchParams(location.search);
  const pageSize = Math.min(100, Math.max(1, parseInt(params.get("max_results") || "20", 10)));
  const $ = id => document.getElementById(id);
  const key = r => r.resource_type + "/" + r.type + "/" + r.public_id;
  const byPublicId = (a, b) => (a.public_id < b.public_id ? -1 : a.public_id > b.public_id ? 1 : 0);

  const state = {
    status: params.get("status") || "pending", kind: params.get("kind") || "",
    rtype: params.get("resource_type") || "image",
    cursors: [null], nextCursor: null, items: [], focus: 0, counts: [],
    checked: new Set(), seen: new Set(), fresh: new Set(), firstLoad: true,
    held: new Set(),   // decided here: kept out of the list until a listing no longer shows them
    pending: [],       // decisions in their undo window: {keys, resources, status, timer, label}
    loading: false, timer: null, signedOut: false
  };

  function api(path, options) {
    return fetch(base + "/api/" + path, Object.assign({ credentials: "same-origin" }, options))
      .then(r => r.json().catch(() => ({})).then(b => {
        const message = (b.error && b.error.message) || ("HTTP " + r.status);
        if (r.status === 401) signedOut(message);
        if (!r.ok) throw new Error(message);
        return b;
      }));
  }

  function signedOut(message) {
    state.signedOut = true;
    clearTimeout(state.timer);
    body.classList.add("session-ended");
    notice(message + " — ");
    const link = el("a", null, "sign in again");
    link.href = location.href;
    $("notice").appendChild(link);
  }

  function load() {
    if (state.loading || state.signedOut) return Promise.resolve();
    state.loading = true;
    const query = new URLSearchParams({ status: state.status, resource_type: state.rtype, max_results: pageSize });
    if (state.kind) query.set("kind", state.kind);
    const cursor = state.cursors[state.cursors.length - 1];
    if (cursor) query.set("next_cursor", cursor);
    return api("queue?" + query).then(b => {
      // the reviewer may have moved while the request was out: keep what is focused now
      const focused = state.items[state.focus] && key(state.items[state.focus]);
      state.nextCursor = b.next_cursor || null;
      state.counts = b.counts || [];
      const listed = new Set(b.resources.map(key));
      const waiting = pendingKeys();
      state.held.forEach(k => { if (!listed.has(k) && !waiting.has(k)) state.held.delete(k); });
      state.items = b.resources.filter(r => !state.held.has(key(r)));
      state.items.forEach(r => {
        if (!state.firstLoad && !state.seen.has(key(r))) state.fresh.add(key(r));
        state.seen.add(key(r));
      });
      state.firstLoad = false;
      state.checked.forEach(k => { if (!listed.has(k)) state.checked.delete(k); });
      const at = state.items.findIndex(r => key(r) === focused);
      state.focus = at >= 0 ? at : Math.min(state.focus, Math.max(0, state.items.length - 1));
      render();
      if (!$("notice").dataset.sticky) notice("updated " + new Date().toLocaleTimeString());
    }).catch(e => notice("error: " + e.message, true))
      .finally(() => { state.loading = false; });
  }

  // live arrivals: asks again every few seconds while the page is visible, never while it is hidden
  function schedule() {
    clearTimeout(state.timer);
    if (document.visibilityState === "visible" && !state.signedOut) {
      state.timer = setTimeout(() => load().finally(schedule), pollMillis);
    }
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function notice(text, sticky) {
    $("notice").textContent = text;
    if (sticky) $("notice").dataset.sticky = "1"; else delete $("notice").dataset.sticky;
  }

  function scores(response) {
    const parts = [];
    const walk = (prefix, node) => {
      for (const [k, v] of Object.entries(node || {})) {
        if (k === "duplicates" || k === "decided_by") continue;
        if (typeof v === "number") parts.push(prefix + k + " " + (Math.round(v * 1000) / 1000));
        else if (typeof v === "string" || typeof v === "boolean") parts.push(prefix + k + " " + v);
        else if (v && typeof v === "object" && !Array.isArray(v)) walk(prefix + k + ".", v);
      }
    };
    walk("", response);
    return parts.join(" · ");
  }

  function thumbnail(r, cls) {
    if (!r.thumbnail_url) return el("div", cls + " no-thumb", r.resource_type);
    const img = el("img", cls);
    img.src = r.thumbnail_url;
    img.alt = r.public_id;
    img.loading = "lazy";
    img.addEventListener("error", () => img.replaceWith(el("div", cls + " no-thumb", "no preview")));
    return img;
  }

  function item(r, i) {
    const k = key(r);
    const node = el("article", "item" + (i === state.focus ? " focused" : "") + (state.checked.has(k) ? " checked" : "")
      + (state.fresh.has(k) ? " fresh" : ""));
    node.dataset.publicId = r.public_id;
    const check = el("input", "check");
    check.type = "checkbox";
    check.checked = state.checked.has(k);
    check.setAttribute("aria-label", "select " + r.public_id);
    check.addEventListener("change", () => { toggle(r); });
    node.append(check, thumbnail(r, "thumb"));

    const info = el("div", "info");
    info.appendChild(el("div", "id", r.public_id));
    info.appendChild(el("div", "meta", [r.format, r.width + "×" + r.height, Math.round(r.bytes / 1024) + " KB",
      r.created_at].join(" · ")));
    const entries = el("div", "entries");
    (r.moderation || []).forEach(m => {
      entries.appendChild(el("span", "entry " + m.status, m.kind + ": " + m.status));
      const s = scores(m.response);
      if (s) info.appendChild(el("div", "scores", m.kind + " — " + s));
      ((m.response && m.response.duplicates) || []).forEach(d => info.appendChild(match(d)));
    });
    info.insertBefore(entries, info.children[2] || null);
    if ((r.tags || []).length) {
      const tags = el("div", "tags");
      r.tags.forEach(t => tags.appendChild(el("span", "tag", t)));
      info.appendChild(tags);
    }
    const context = r.context && r.context.custom;
    if (context && Object.keys(context).length) {
      info.appendChild(el("div", "context", Object.entries(context).map(([k2, v]) => k2 + "=" + v).join(" · ")));
    }
    node.appendChild(info);

    const actions = el("div", "actions");
    if (r.moderation_status !== "approved") {
      const approve = el("button", "approve", "Approve");
      approve.type = "button";
      approve.addEventListener("click", () => decide([r], "approved"));
      actions.appendChild(approve);
    }
    if (r.moderation_status !== "rejected") {
      const reject = el("button", "reject", "Reject");
      reject.type = "button";
      reject.addEventListener("click", () => decide([r], "rejected"));
      actions.appendChild(reject);
    }
    node.appendChild(actions);
    node.addEventListener("click", e => {
      if (e.target.closest("button, a, input")) return;
      focus(i);
    });
    return node;
  }

  function match(d) {
    const line = el("div", "duplicate");
    if (d.thumbnail_url) {
      const img = el("img", "match-thumb");
      img.src = d.thumbnail_url;
      img.alt = d.public_id;
      line.appendChild(img);
    }
    line.appendChild(document.createTextNode("duplicate of "));
    if (d.url) {
      const link = el("a", "match", d.public_id);
      link.href = d.url;
      link.target = "_blank";
      link.rel = "noopener";
      line.appendChild(link);
    } else {
      line.appendChild(el("span", "match gone", d.public_id + " (deleted)"));
    }
    line.appendChild(document.createTextNode(" — similarity " + Math.round(d.similarity * 100) + "%"
      + (d.exact ? ", same bytes" : "")));
    return line;
  }

  function render() {
    const queue = $("queue");
    queue.replaceChildren(...state.items.map(item));
    $("empty").textContent = state.items.length ? "" : "Nothing " + state.status + " here.";
    $("page").textContent = "page " + state.cursors.length;
    $("prev").disabled = state.cursors.length === 1;
    $("next").disabled = !state.nextCursor;
    const selected = state.checked.size;
    $("selection").textContent = selected ? selected + " selected" : "none selected";
    $("approve-selected").disabled = $("reject-selected").disabled = !selected;
    $("select-page").checked = selected > 0 && state.items.every(r => state.checked.has(key(r)));
    renderCounts();
    renderPreview();
    const focused = queue.querySelector(".focused");
    if (focused && focused.scrollIntoView) focused.scrollIntoView({ block: "nearest" });
  }

  function renderCounts() {
    const pending = state.counts.filter(c => c.status === "pending").reduce((n, c) => n + c.count, 0);
    $("waiting").textContent = pending + " waiting";
    const kinds = [...new Set(state.counts.map(c => c.kind).concat(state.kind ? [state.kind] : []))].sort();
    const select = $("kind");
    const options = [new Option("all kinds", "")].concat(kinds.map(k => {
      const n = state.counts.filter(c => c.kind === k && c.status === state.status).reduce((s, c) => s + c.count, 0);
      return new Option(k + " (" + n + ")", k);
    }));
    if (document.activeElement !== select) {
      select.replaceChildren(...options);
      select.value = state.kind;
    }
  }

  function renderPreview() {
    const r = state.items[state.focus];
    $("preview").hidden = !r;
    if (!r) return;
    const image = $("preview-image");
    const src = r.preview_url || "";
    if (image.getAttribute("src") !== src) {
      if (src) image.src = src; else image.removeAttribute("src");
      image.alt = r.public_id;
    }
    const caption = $("preview-caption");
    caption.replaceChildren(el("div", "id", r.public_id));
    const original = el("a", null, "original (" + r.width + "×" + r.height + ")");
    original.href = r.secure_url;
    original.target = "_blank";
    original.rel = "noopener";
    caption.appendChild(original);
  }

  function focus(i) {
    state.focus = Math.max(0, Math.min(i, state.items.length - 1));
    const r = state.items[state.focus];
    if (r) state.fresh.delete(key(r));
    render();
  }

  function toggle(r) {
    if (!r) return;
    const k = key(r);
    if (state.checked.has(k)) state.checked.delete(k); else state.checked.add(k);
    render();
  }

  /** The checked items, else the focused one. */
  function targets() {
    const checked = state.items.filter(r => state.checked.has(key(r)));
    return checked.length ? checked : [state.items[state.focus]].filter(Boolean);
  }

  function pendingKeys() {
    return new Set(state.pending.flatMap(d => d.keys));
  }

  function decide(resources, status) {
    resources = resources.filter(r => r && r.moderation_status !== status);
    if (!resources.length || state.signedOut) return;
    const keys = resources.map(key);
    keys.forEach(k => { state.held.add(k); state.checked.delete(k); state.fresh.delete(k); });
    const first = state.items.indexOf(resources[0]);
    state.items = state.items.filter(r => !keys.includes(key(r)));
    state.focus = Math.min(Math.max(0, first), Math.max(0, state.items.length - 1));
    const label = (status === "approved" ? "Approved " : "Rejected ")
      + (resources.length === 1 ? resources[0].public_id : resources.length + " assets");
    const decision = { keys, resources, status, label, timer: null };
    decision.timer = setTimeout(() => send(decision, false), undoMillis);
    state.pending.push(decision);
    render();
    toast();
  }

  function send(decision, leaving) {
    clearTimeout(decision.timer);
    state.pending = state.pending.filter(d => d !== decision);
    toast();
    return api("decisions", {
      method: "POST", keepalive: leaving,
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify({ status: decision.status, resources: decision.resources.map(r =>
        ({ resource_type: r.resource_type, type: r.type, public_id: r.public_id })) })
    }).then(b => {
      if (b.errors && b.errors.length) {
        b.errors.forEach(e => state.held.delete(decision.resources[0].resource_type + "/"
          + decision.resources[0].type + "/" + e.public_id));
        notice("not decided: " + b.errors.map(e => e.public_id + " (" + e.message + ")").join(", "), true);
      } else {
        notice(decision.label.toLowerCase().replace(/^./, c => c.toUpperCase()));
      }
    }).catch(e => {
      decision.keys.forEach(k => state.held.delete(k));
      notice("error: " + e.message, true);
    }).finally(() => { if (!leaving && state.items.length < 2) load(); });
  }

  function undo() {
    const decision = state.pending.pop();
    if (!decision) return;
    clearTimeout(decision.timer);
    decision.keys.forEach(k => state.held.delete(k));
    const shown = new Set(state.items.map(key));
    state.items = state.items.concat(decision.resources.filter(r => !shown.has(key(r)))).sort(byPublicId);
    state.focus = Math.max(0, state.items.indexOf(decision.resources[0]));
    notice("Undone: " + decision.label.toLowerCase());
    render();
    toast();
  }

  /** Leaving (hidden, closed, signing out): decisions still in their undo window are sent now. */
  function flush() {
    return Promise.all(state.pending.slice().map(d => send(d, true)));
  }

  let toastTick = null;
  function toast() {
    clearInterval(toastTick);
    const last = state.pending[state.pending.length - 1];
    $("toast").hidden = !last;
    if (!last) return;
    const ends = Date.now() + undoMillis;
    const show = () => {
      const left = Math.max(0, Math.ceil((ends - Date.now()) / 1000));
      $("toast-text").textContent = last.label + " · sending in " + left + " s";
    };
    show();
    toastTick = setInterval(show, 250);
  }

  function page(delta) {
    if (delta > 0 && state.nextCursor) state.cursors.push(state.nextCursor);
    else if (delta < 0 && state.cursors.length > 1) state.cursors.pop();
    else return;
    state.focus = 0;
    load();
  }

  function filtersChanged() {
    state.status = $("status").value;
    state.kind = $("kind").value;
    state.rtype = $("rtype").value;
    state.cursors = [null];
    state.focus = 0;
    state.checked.clear();
    state.held = pendingKeys();
    state.seen.clear();
    state.fresh.clear();
    state.firstLoad = true;
    const query = new URLSearchParams(location.search);
    query.set("status", state.status);
    query.set("resource_type", state.rtype);
    if (state.kind) query.set("kind", state.kind); else query.delete("kind");
    history.replaceState(null, "", "?" + query);
    load();
  }

  document.addEventListener("keydown", e => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.target.closest("select, textarea")
        || (e.target.tagName === "INPUT" && e.target.type !== "checkbox")) return;
    switch (e.key) {
      case "j": focus(state.focus + 1); break;
      case "k": focus(state.focus - 1); break;
      case "x": toggle(state.items[state.focus]); break;
      case "a": decide(targets(), "approved"); break;
      case "r": decide(targets(), "rejected"); break;
      case "u": undo(); break;
      case "n": page(1); break;
      case "p": page(-1); break;
      default: return;
    }
    e.preventDefault();
  });
  $("status").addEventListener("change", filtersChanged);
  $("kind").addEventListener("change", filtersChanged);
  $("rtype").addEventListener("change", filtersChanged);
  $("next").addEventListener("click", () => page(1));
  $("prev").addEventListener("click", () => page(-1));
  $("undo").addEventListener("click", undo);
  $("approve-selected").addEventListener("click", () => decide(targets(), "approved"));
  $("reject-selected").addEventListener("click", () => decide(targets(), "rejected"));
  $("select-page").addEventListener("change", e => {
    state.items.forEach(r => { if (e.target.checked) state.checked.add(key(r)); else state.checked.delete(key(r)); });
    render();
  });
  $("sign-out").addEventListener("click", () => {
    flush().finally(() => fetch(base + "/session", { method: "DELETE", credentials: "same-origin",
      headers: { "X-CSRF-Token": csrf } }).finally(() => location.reload()));
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") load().finally(schedule);
    else { clearTimeout(state.timer); flush(); }
  });
  window.addEventListener("pagehide", flush);

  $("status").value = state.status;
  $("rtype").value = state.rtype;
  load().finally(schedule);
})();
