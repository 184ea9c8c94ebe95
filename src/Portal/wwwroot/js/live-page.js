// Live region page: on each new snapshot announced by the server-sent stream, fetch this page again and
// swap the part marked data-live-page (the charts outside it keep their own refresh).
(() => {
  "use strict";
  const live = document.querySelector("[data-live-page]");
  if (!live || !window.EventSource) return;

  let first = true;
  let fetching = false;
  async function reload() {
    if (fetching) return;
    fetching = true;
    try {
      const response = await fetch(location.href, { cache: "no-store", headers: { Accept: "text/html" } });
      if (!response.ok) return;
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html").querySelector("[data-live-page]");
      if (fresh) live.innerHTML = fresh.innerHTML;
    } catch {
      // The next snapshot tries again; the page keeps what it shows, with its snapshot time.
    } finally {
      fetching = false;
    }
  }

  const source = new EventSource(live.dataset.streamUrl);
  source.addEventListener("snapshot", () => {
    // The stream opens with the current snapshot, which this page was rendered from.
    if (first) { first = false; return; }
    reload();
  });
})();
