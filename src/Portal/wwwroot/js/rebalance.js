// Rebalance page: project the traffic share while weights are typed, and apply a preset without a round trip.
// The projection follows Route 53's rules exactly as Portal.Core.Traffic.WeightedRouting does (the server's Preview):
// healthy records with a non-zero weight split traffic by weight; zero-weight records serve only when every non-zero
// record is unhealthy; all zero splits evenly; and when every record is unhealthy, all are treated as healthy.
(() => {
  "use strict";
  const form = document.querySelector("[data-rebalance]");
  if (!form) return;
  const MAX_WEIGHT = 255;
  const rows = [...form.querySelectorAll("tr[data-region]")];
  const presets = [...form.querySelectorAll("[data-preset-weights]")];
  const custom = form.querySelector("[data-preset-custom]");
  const submit = form.querySelector("[data-confirm-template]");
  const allZero = form.querySelector("#allowAllZero")?.closest(".field");

  function shares(targets) {
    const result = Object.fromEntries(targets.map((t) => [t.region, 0]));
    let considered = targets.filter((t) => t.healthy);
    if (considered.length === 0) considered = targets;
    const weighted = considered.filter((t) => t.weight > 0);
    if (weighted.length > 0) {
      const total = weighted.reduce((sum, t) => sum + t.weight, 0);
      for (const t of weighted) result[t.region] = t.weight / total;
    } else {
      for (const t of considered) result[t.region] = 1 / considered.length;
    }
    return result;
  }

  // As Format.Percent on the server: at most one decimal.
  const percent = (share) => `${Math.round(share * 1000) / 10}%`;

  const input = (row) => row.querySelector("[data-weight-input]");

  function weightOf(row) {
    const text = input(row).value.trim();
    if (!/^\d+$/.test(text)) return null;
    const weight = Number(text);
    return weight <= MAX_WEIGHT ? weight : null;
  }

  function update() {
    const targets = rows.map((row) => ({ region: row.dataset.region, weight: weightOf(row), healthy: row.dataset.healthy === "true" }));
    const valid = targets.every((t) => t.weight !== null);
    const projected = valid ? shares(targets) : null;
    for (const row of rows) {
      const share = projected ? projected[row.dataset.region] : null;
      row.querySelector("[data-projected-for]").textContent = share === null ? "—" : percent(share);
      row.querySelector("[data-projected-meter]").value = share ?? 0;
    }
    const matching = presets.find((p) => {
      const weights = JSON.parse(p.dataset.presetWeights);
      return targets.every((t) => weights[t.region] === t.weight);
    });
    for (const p of presets) p.setAttribute("aria-pressed", String(p === matching));
    custom?.setAttribute("aria-pressed", String(!matching));
    allZero?.classList.toggle("attention", valid && targets.every((t) => t.weight === 0));
    if (submit && projected) {
      const summary = targets.map((t) => `${t.region} ${t.weight} (${percent(projected[t.region])})`).join(", ");
      submit.dataset.confirm = submit.dataset.confirmTemplate.replace("{projection}", summary);
    }
  }

  // What the server said about the previewed weights no longer applies once they are edited.
  function forgetPreview() {
    for (const el of form.querySelectorAll("[data-preview-result]")) el.hidden = true;
  }

  for (const row of rows) input(row).addEventListener("input", () => { forgetPreview(); update(); });
  for (const preset of presets) {
    preset.addEventListener("click", (event) => {
      event.preventDefault();
      const weights = JSON.parse(preset.dataset.presetWeights);
      for (const row of rows) input(row).value = weights[row.dataset.region] ?? "";
      forgetPreview();
      update();
    });
  }
  custom?.addEventListener("click", (event) => {
    event.preventDefault();
    input(rows[0])?.focus();
  });
  update();
})();
