// Job page: fetch the live part (state, outcome, actions, steps) every second until the job has ended. Each
// data-live-block is swapped only when it changed, so the Cancel button is not replaced under the pointer while only
// the elapsed time moves. Polling the page's own handler keeps one template (the server's) for the step log.
(() => {
  "use strict";
  const live = document.getElementById("job-live");
  if (!live) return;

  const finished = () => live.querySelector("[data-finished]")?.dataset.finished === "true";
  // Every render carries a fresh antiforgery token; that alone is not a change.
  const comparable = (el) => el.innerHTML.replace(/name="__RequestVerificationToken" type="hidden" value="[^"]*"/g, "");

  async function poll() {
    try {
      const response = await fetch(live.dataset.liveUrl, { cache: "no-store", headers: { Accept: "text/html" } });
      if (response.ok) {
        const fresh = document.createElement("div");
        fresh.innerHTML = await response.text();
        const current = live.querySelector("[data-finished]");
        const next = fresh.querySelector("[data-finished]");
        if (current && next) {
          for (const block of next.querySelectorAll("[data-live-block]")) {
            const old = current.querySelector(`[data-live-block="${block.dataset.liveBlock}"]`);
            if (old && comparable(old) !== comparable(block)) old.replaceWith(block);
          }
          current.dataset.finished = next.dataset.finished;
        }
      }
    } catch {
      // The next poll tries again; the page keeps what it shows.
    }
    if (!finished()) setTimeout(poll, 1000);
  }

  if (!finished()) setTimeout(poll, 1000);
})();
