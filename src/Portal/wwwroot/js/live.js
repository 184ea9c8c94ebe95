// The one live-update path of every page (docs/live-updates.md). The page names its stream on the indicator
// ([data-live-stream]); the server sends versions only ("status 42", "job op-1 3f2a..."). Each fragment says which event
// it follows and the version it shows (data-live-fragment, data-live-on, data-live-version) and where a fresh copy is
// rendered (data-live-src; the page itself when absent). A newer version fetches the fragment and swaps it in, keeping
// open <details>, focus, typed form input and scroll positions. Elements marked data-live-keep stay in place with their
// new attributes (charts update themselves on "live:refresh"). Every event is re-dispatched on document as "live:event".
(() => {
  "use strict";
  const indicator = document.querySelector("[data-live-stream]");
  if (!indicator || !window.EventSource || !window.fetch) return;

  const MAX_BACKOFF_MS = 30000;
  const STALE_AFTER_MS = 10000;
  const pad = (n) => String(n).padStart(2, "0");
  // UTC, as everywhere else in the portal.
  const clock = (d) => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;

  let source = null;
  let failures = 0;
  let heartbeatMs = 15000;
  let watchdog = 0;
  let reconnectTimer = 0;
  let staleTimer = 0;
  let lastCurrent = new Date(); // the page was current when rendered
  let connected = false;
  let fetchFailed = false;
  let ended = false;

  function show() {
    let text, cls, title;
    if (ended) {
      [text, cls, title] = ["ended", "live-off", "The job has ended; this page shows its final state."];
    } else if (connected && !fetchFailed) {
      [text, cls, title] = ["live", "", "Updates as they happen"];
    } else if (Date.now() - lastCurrent.getTime() < STALE_AFTER_MS) {
      [text, cls, title] = ["reconnecting…", "live-warn", "The live stream dropped; reconnecting"];
    } else {
      [text, cls, title] = [`stale since ${clock(lastCurrent)} UTC`, "live-bad", "No updates since then; retrying with back-off. Reload to be sure."];
    }
    indicator.textContent = text;
    indicator.className = `live-state ${cls}`.trim();
    indicator.title = title;
    indicator.dataset.liveState = ended ? "ended" : cls === "" ? "live" : cls === "live-warn" ? "reconnecting" : "stale";
  }

  function current() {
    lastCurrent = new Date();
    fetchFailed = false;
    show();
  }

  // ---- fragments ----------------------------------------------------------------------------------------------
  const rendered = new WeakMap(); // fragment element -> the normalised HTML it was built from
  // A fresh antiforgery token in every render is not a change.
  const normalise = (html) => html.replace(/name="__RequestVerificationToken" type="hidden" value="[^"]*"/g, "").replace(/ data-live-version="[^"]*"/g, "");
  const inFlight = new Map(); // src -> Promise
  const again = new Set();

  function followers(name, version) {
    return [...document.querySelectorAll("[data-live-fragment]")].filter((f) => f.dataset.liveOn === name && f.dataset.liveVersion !== version);
  }

  function refresh(fragments) {
    const bySrc = new Map();
    for (const f of fragments) {
      const src = f.dataset.liveSrc || location.pathname + location.search;
      if (!bySrc.has(src)) bySrc.set(src, new Set());
      bySrc.get(src).add(f.dataset.liveFragment);
    }
    for (const [src, names] of bySrc) load(src, names);
  }

  function load(src, names) {
    if (inFlight.has(src)) { again.add(src); return; }
    const done = fetch(src, { cache: "no-store", credentials: "same-origin", headers: { Accept: "text/html" } })
      .then((response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return response.text();
      })
      .then((html) => {
        const doc = new DOMParser().parseFromString(html, "text/html");
        for (const name of names) {
          const old = document.querySelector(`[data-live-fragment="${name}"]`);
          const fresh = doc.querySelector(`[data-live-fragment="${name}"]`);
          if (old && fresh) swap(old, document.importNode(fresh, true));
        }
        current();
      })
      .catch(() => {
        fetchFailed = true;
        show();
        // The next event, or the reconnect, asks again; the page keeps what it shows meanwhile.
      })
      .finally(() => {
        inFlight.delete(src);
        if (again.delete(src)) load(src, names);
      });
    inFlight.set(src, done);
  }

  // A control's identity across renders: its id, else its form's action and its name, else its place among its kind.
  function keyOf(root, el) {
    if (el.id) return `#${el.id}`;
    if (el.name) return `${el.form?.getAttribute("action") ?? ""}|${el.tagName}|${el.name}|${el.type === "radio" || el.type === "checkbox" ? el.value : ""}`;
    return `${el.tagName}@${[...root.querySelectorAll(el.tagName)].indexOf(el)}`;
  }

  function find(root, key) {
    for (const el of root.querySelectorAll("details, input, select, textarea, button, a, [tabindex], .table-scroll")) {
      if (keyOf(root, el) === key) return el;
    }
    return null;
  }

  function swap(old, fresh) {
    const html = normalise(fresh.innerHTML);
    if (rendered.get(old) === html) {
      old.dataset.liveVersion = fresh.dataset.liveVersion;
      return;
    }
    rendered.set(fresh, html);

    const open = [...old.querySelectorAll("details")].map((d) => [keyOf(old, d), d.open]);
    const typed = [...old.querySelectorAll("input, select, textarea")].filter((el) => el.type !== "hidden" && edited(el)).map((el) => [keyOf(old, el), el]);
    const scrolled = [...old.querySelectorAll(".table-scroll")].filter((el) => el.scrollLeft || el.scrollTop).map((el) => [keyOf(old, el), el.scrollLeft, el.scrollTop]);
    const active = old.contains(document.activeElement) ? document.activeElement : null;
    const activeKey = active ? keyOf(old, active) : null;
    const selection = active && typeof active.selectionStart === "number" ? [active.selectionStart, active.selectionEnd] : null;

    const kept = [];
    for (const placeholder of fresh.querySelectorAll("[data-live-keep]")) {
      const existing = old.querySelector(`[data-live-keep="${CSS.escape(placeholder.dataset.liveKeep)}"]`);
      if (!existing) continue;
      for (const { name, value } of placeholder.attributes) existing.setAttribute(name, value);
      placeholder.replaceWith(existing);
      kept.push(existing);
    }

    const before = old.getBoundingClientRect();
    const x = window.scrollX;
    const y = window.scrollY;
    old.replaceWith(fresh);

    for (const [key, isOpen] of open) { const d = find(fresh, key); if (d) d.open = isOpen; }
    for (const [key, el] of typed) { const twin = find(fresh, key); if (twin) copyInput(el, twin); }
    for (const [key, left, top] of scrolled) { const twin = find(fresh, key); if (twin) { twin.scrollLeft = left; twin.scrollTop = top; } }
    if (activeKey) {
      const twin = find(fresh, activeKey);
      if (twin) {
        twin.focus({ preventScroll: true });
        if (selection && typeof twin.setSelectionRange === "function") { try { twin.setSelectionRange(...selection); } catch { /* not a text field */ } }
      }
    }
    // A fragment above the viewport that grew or shrank would move what is being read: shift by the difference.
    const after = fresh.getBoundingClientRect();
    window.scrollTo(x, before.bottom <= 0 ? y + (after.height - before.height) : y);

    for (const el of kept) el.dispatchEvent(new CustomEvent("live:refresh", { bubbles: true }));
    fresh.dispatchEvent(new CustomEvent("live:swapped", { bubbles: true }));
  }

  function edited(el) {
    if (el.type === "checkbox" || el.type === "radio") return el.checked !== el.defaultChecked;
    if (el.tagName === "SELECT") return [...el.options].some((o) => o.selected !== o.defaultSelected);
    return el.value !== el.defaultValue;
  }

  function copyInput(from, to) {
    if (from.type === "checkbox" || from.type === "radio") to.checked = from.checked;
    else if (from.tagName === "SELECT") [...to.options].forEach((o) => { o.selected = [...from.selectedOptions].some((s) => s.value === o.value); });
    else to.value = from.value;
  }

  // ---- the stream -----------------------------------------------------------------------------------------------
  function armWatchdog() {
    clearTimeout(watchdog);
    // Heartbeats come every heartbeatMs; a stream silent much longer is dead even if the socket has not said so.
    watchdog = setTimeout(() => fail(), heartbeatMs * 2.5);
  }

  function onEvent(name, handler) {
    source.addEventListener(name, (event) => {
      armWatchdog();
      handler(event);
      document.dispatchEvent(new CustomEvent("live:event", { detail: { name, data: event.data, id: event.lastEventId } }));
    });
  }

  function versioned(event) {
    const name = event.type;
    // "job" events carry "<id> <version>"; the others the version alone.
    const version = event.data.split(" ").pop();
    const stale = followers(name, version);
    if (stale.length === 0) current();
    else refresh(stale);
  }

  function connect() {
    reconnectTimer = 0;
    source = new EventSource(indicator.dataset.liveStream);
    source.addEventListener("open", () => {
      failures = 0;
      connected = true;
      clearInterval(staleTimer);
      show();
      armWatchdog();
    });
    source.addEventListener("error", () => fail());
    onEvent("status", versioned);
    onEvent("job", versioned);
    onEvent("metrics", () => { });
    onEvent("heartbeat", (event) => {
      const seconds = Number(event.data);
      if (seconds > 0) heartbeatMs = seconds * 1000;
      if (!fetchFailed) current();
    });
    onEvent("end", () => {
      // The job has ended: its last version came just before; nothing more will be sent.
      close();
      ended = true;
      show();
    });
  }

  function close() {
    clearTimeout(watchdog);
    if (source) source.close();
    source = null;
  }

  // EventSource reconnects by itself only on some failures and without back-off; reconnect here, doubling the wait
  // (1 s, 2 s... at most 30 s, with jitter so that a restarted portal is not hit by every browser at once).
  function fail() {
    if (reconnectTimer) return;
    close();
    connected = false;
    failures += 1;
    show();
    clearInterval(staleTimer);
    staleTimer = setInterval(show, 1000);
    const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (failures - 1)) * (0.75 + Math.random() * 0.5);
    reconnectTimer = setTimeout(connect, delay);
  }

  window.addEventListener("pagehide", close);
  // Back from the back-forward cache: the page is as it was left, the stream closed; the first events catch it up.
  window.addEventListener("pageshow", (event) => { if (event.persisted && !source && !ended) connect(); });
  connect();
})();
