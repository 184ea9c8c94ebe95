// Canary analysis charts on the job page: for each [data-canary-charts] block, one line chart per metric with the
// canary region's series against the baseline's, read from the block's data-series (no inline script). While a canary
// runs, live.js keeps each block in place (data-live-keep) with its new data-series and says "live:refresh": the charts
// then update in place; a block that a live update adds ("live:swapped") is drawn then.
(function () {
    'use strict';
    if (typeof window.Chart === 'undefined') return;

    // The dashboard's region colours: blue for the first region in rollout order (the canary), orange for the next.
    const CANARY = '#1f5fbf';
    const BASELINE = '#d9730d';
    const pad = (n) => String(n).padStart(2, '0');
    const hhmm = (iso) => { const d = new Date(iso); return pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()); };

    const charts = new WeakMap(); // canvas -> Chart

    function draw(block) {
        const series = JSON.parse(block.dataset.series || '[]');
        for (const s of series) {
            const canvas = block.querySelector('canvas[data-key="' + s.key + '"]');
            if (!canvas) continue;
            const minutes = [...new Set([...s.canary, ...s.baseline].map((p) => p.timestamp))].sort();
            const byMinute = (points) => { const m = new Map(points.map((p) => [p.timestamp, p.value])); return minutes.map((t) => m.has(t) ? m.get(t) : null); };
            const existing = charts.get(canvas);
            if (existing) {
                existing.data.labels = minutes.map(hhmm);
                existing.data.datasets[0].data = byMinute(s.canary);
                existing.data.datasets[1].data = byMinute(s.baseline);
                existing.update('none');
                continue;
            }
            charts.set(canvas, new window.Chart(canvas, {
                type: 'line',
                data: {
                    labels: minutes.map(hhmm),
                    datasets: [
                        { label: block.dataset.canaryLabel, data: byMinute(s.canary), borderColor: CANARY, backgroundColor: CANARY, borderWidth: 2, pointRadius: 3, spanGaps: false },
                        { label: block.dataset.baselineLabel, data: byMinute(s.baseline), borderColor: BASELINE, backgroundColor: BASELINE, borderWidth: 2, borderDash: [5, 4], pointRadius: 3, spanGaps: false },
                    ],
                },
                options: {
                    animation: false,
                    maintainAspectRatio: false,
                    interaction: { mode: 'index', intersect: false },
                    plugins: { legend: { position: 'bottom', labels: { boxWidth: 14 } } },
                    scales: { y: { beginAtZero: true, title: { display: true, text: s.unit } }, x: { title: { display: true, text: 'UTC' } } },
                },
            }));
        }
    }

    const drawAll = () => document.querySelectorAll('[data-canary-charts]').forEach(draw);
    document.addEventListener('live:refresh', (event) => { if (event.target.matches('[data-canary-charts]')) draw(event.target); });
    document.addEventListener('live:swapped', drawAll);
    drawAll();
})();
