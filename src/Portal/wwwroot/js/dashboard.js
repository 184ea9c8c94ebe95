// Live dashboard: the server-sent stream announces each new snapshot; the region cards are then
// re-rendered by the server (one template, no client-side copy of it) and swapped in place.
(() => {
  "use strict";
  const board = document.getElementById("board");
  if (!board || !window.EventSource) return;

  const renderedVersion = () => board.querySelector("[data-version]")?.dataset.version;
  const setLiveState = (text, cls) => {
    const el = board.querySelector("[data-live-state]");
    if (el) { el.textContent = text; el.className = "live-state " + (cls || ""); }
  };
  let lastState = ["live", ""];

  // Keep expanded checker lists expanded across swaps.
  const keyOf = (details) => {
    const region = details.closest("[data-region]");
    const env = details.closest("[data-environment]");
    return `${env?.dataset.environment}/${region?.dataset.region}`;
  };

  let fetching = false;
  let again = false;
  async function reload() {
    if (fetching) { again = true; return; }
    fetching = true;
    try {
      const open = new Set([...board.querySelectorAll("details[open]")].map(keyOf));
      const response = await fetch(board.dataset.boardUrl, { cache: "no-store", headers: { Accept: "text/html" } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      board.innerHTML = await response.text();
      board.querySelectorAll("details").forEach((d) => { if (open.has(keyOf(d))) d.open = true; });
      setLiveState(...lastState);
    } catch (e) {
      setLiveState("update failed, retrying", "live-bad");
    } finally {
      fetching = false;
      if (again) { again = false; reload(); }
    }
  }

  const source = new EventSource(board.dataset.streamUrl);
  source.addEventListener("snapshot", (event) => {
    lastState = ["live", ""];
    if (event.lastEventId !== renderedVersion()) reload();
    else setLiveState(...lastState);
  });
  source.addEventListener("open", () => { lastState = ["live", ""]; setLiveState(...lastState); });
  source.addEventListener("error", () => {
    // EventSource reconnects by itself; say so rather than pretend the page is current.
    lastState = ["reconnecting…", "live-bad"];
    setLiveState(...lastState);
  });
})();
