// Portal metric charts. Each [data-portal-charts] section (Pages/Shared/_EnvironmentCharts.cshtml) names
// its JSON source and optional region filter in data- attributes; there is no inline script, so a
// content security policy without 'unsafe-inline' can be switched on.
//
// API: window.portalCharts.refresh() refetches every chart section on the page and updates the charts in
// place (returns a Promise). It runs when the page's live stream (live.js) announces a new version of the
// collector's metric history ("metrics" events): no timer of its own.
(function () {
    'use strict';

    if (window.portalCharts || typeof window.Chart === 'undefined') return;

    // One colour per region, by its position in the environment's rollout order, so us-east-1 has the same
    // colour on every chart and page. Blue and orange first: they stay apart for the common colour blindnesses.
    const PALETTE = ['#1f5fbf', '#d9730d', '#7b3fb5', '#0f8b8d'];
    const DASHES = [[], [5, 4], [2, 3]];
    const TICK_STEP_MS = { '1h': 10 * 60e3, '3h': 30 * 60e3, '12h': 2 * 3600e3, '24h': 4 * 3600e3 };
    // CloudWatch often lacks the newest minute or two; a longer hole is an outage worth showing as a gap.
    const GAP_MS = 150e3;
    // A range holds 6 ticks; anything far beyond is a layout pass over some other span.
    const MAX_TICKS = 24;

    const pad = (n) => String(n).padStart(2, '0');
    // UTC, as everywhere else in the portal: on-call in different time zones read the same clock.
    const hhmm = (ms) => { const d = new Date(ms); return pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()); };

    function formatValue(value, unit) {
        if (value === null || value === undefined) return '—';
        const digits = unit === '%' ? (Math.abs(value) < 10 ? 2 : 1) : (Math.abs(value) < 10 && value % 1 !== 0 ? 1 : 0);
        return value.toLocaleString('en-US', { maximumFractionDigits: digits }) + (unit === '%' ? ' %' : ' ' + unit);
    }

    function compact(value) {
        return Math.abs(value) >= 1000 ? (value / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 }) + 'k' : value.toLocaleString('en-US');
    }

    function withGaps(points) {
        const out = [];
        for (let i = 0; i < points.length; i++) {
            if (i > 0 && points[i][0] - points[i - 1][0] > GAP_MS) out.push([points[i - 1][0] + 60e3, null]);
            out.push(points[i]);
        }
        return out;
    }

    class Panel {
        constructor(root) {
            this.root = root;
            this.src = root.dataset.src;
            this.region = root.dataset.region || null;
            this.range = root.dataset.range || '1h';
            this.status = root.querySelector('[data-charts-status]');
            this.charts = new Map();
            this.loading = null;
            this.again = false;
            root.querySelectorAll('button[data-range]').forEach((button) =>
                button.addEventListener('click', () => this.setRange(button.dataset.range)));
        }

        setRange(range) {
            if (range === this.range) return Promise.resolve();
            this.range = range;
            this.root.dataset.range = range;
            this.root.querySelectorAll('button[data-range]').forEach((b) =>
                b.setAttribute('aria-pressed', String(b.dataset.range === range)));
            if (this.abort) this.abort.abort();
            return this.load();
        }

        // One fetch at a time per section: a refresh asked for meanwhile runs once after it.
        load() {
            if (this.loading) { this.again = true; return this.loading; }
            this.loading = this.fetchAndRender().finally(() => {
                this.loading = null;
                if (this.again) { this.again = false; this.load(); }
            });
            return this.loading;
        }

        async fetchAndRender() {
            this.abort = new AbortController();
            try {
                const url = this.src + '?range=' + encodeURIComponent(this.range);
                const response = await fetch(url, { headers: { Accept: 'application/json' }, signal: this.abort.signal });
                if (!response.ok) throw new Error('HTTP ' + response.status);
                const data = await response.json();
                const allEmpty = this.render(data);
                this.root.classList.remove('charts-failed');
                this.setStatus((allEmpty ? 'No data yet for this range · checked ' : 'Updated ') + hhmm(Date.parse(data.to)) + ' UTC');
            } catch (error) {
                if (error.name === 'AbortError') return;
                // Keep the last charts on screen: old data, said to be old, beats a blank.
                this.root.classList.add('charts-failed');
                this.setStatus('Could not load metrics (' + error.message + '); showing the last data.');
            }
        }

        setStatus(text) { if (this.status) this.status.textContent = text; }

        render(data) {
            const from = Date.parse(data.from);
            const to = Date.parse(data.to);
            let allEmpty = true;
            this.root.querySelectorAll('figure[data-chart]').forEach((figure) => {
                const datasets = this.datasetsFor(figure, data);
                const empty = datasets.every((d) => d.data.length === 0);
                allEmpty = allEmpty && empty;
                figure.classList.toggle('chart-is-empty', empty);
                const note = figure.querySelector('[data-chart-empty]');
                if (note) note.hidden = !empty;
                this.draw(figure, datasets, from, to);
            });
            // A whole wall of empty charts (a new or paused environment) says less than one line does.
            this.root.classList.toggle('charts-all-empty', allEmpty);
            return allEmpty;
        }

        datasetsFor(figure, data) {
            const keys = figure.dataset.series.split(' ');
            const labels = figure.dataset.labels ? figure.dataset.labels.split(' ') : null;
            const datasets = [];
            keys.forEach((key, k) => {
                const byName = data.series[key] || {};
                Object.keys(byName).forEach((name) => {
                    // Region series are named by region; replication ones "from→to", shown on both regions' pages.
                    const ends = name.split('→');
                    if (this.region && !ends.includes(this.region)) return;
                    const colour = PALETTE[Math.max(0, data.regions.indexOf(ends[0])) % PALETTE.length];
                    datasets.push({
                        label: labels ? name + ' ' + labels[k] : name,
                        data: withGaps(byName[name]),
                        borderColor: colour,
                        backgroundColor: colour,
                        borderDash: DASHES[k % DASHES.length],
                        borderWidth: 1.75,
                        pointRadius: 0,
                        pointHitRadius: 4,
                        spanGaps: false,
                    });
                });
            });
            return datasets;
        }

        draw(figure, datasets, from, to) {
            const unit = figure.dataset.unit;
            let chart = this.charts.get(figure);
            if (!chart) {
                // The range goes in at construction: Chart.js lays the axis out once before any later update.
                chart = new window.Chart(figure.querySelector('canvas'), {
                    type: 'line',
                    data: { datasets },
                    options: this.options(unit, figure.dataset.max ? Number(figure.dataset.max) : undefined,
                        figure.dataset.precision ? Number(figure.dataset.precision) : undefined, from, to),
                });
                this.charts.set(figure, chart);
            } else {
                // Same series as before: swap the points only, so Chart.js keeps legend state and does not flicker.
                const same = chart.data.datasets.length === datasets.length &&
                    chart.data.datasets.every((d, i) => d.label === datasets[i].label);
                if (same) datasets.forEach((d, i) => { chart.data.datasets[i].data = d.data; });
                else chart.data.datasets = datasets;
            }
            chart.options.scales.x.min = from;
            chart.options.scales.x.max = to;
            chart.update('none');
        }

        // Ticks on whole multiples of the step (10:20, 10:30...), not offsets from "now" (10:17, 10:27...).
        // Chart.js may lay the axis out over a span other than the range (its first pass guesses from the data):
        // then its own ticks stand, because whole steps over decades of epoch ms would freeze the page for seconds.
        alignTicks(axis) {
            const step = TICK_STEP_MS[this.range] || TICK_STEP_MS['1h'];
            if (!(axis.max > axis.min) || (axis.max - axis.min) / step > MAX_TICKS) return;
            const ticks = [];
            for (let v = Math.ceil(axis.min / step) * step; v <= axis.max; v += step) ticks.push({ value: v });
            axis.ticks = ticks;
        }

        options(unit, max, precision, from, to) {
            return {
                animation: false,
                responsive: true,
                maintainAspectRatio: false,
                normalized: true,
                interaction: { mode: 'nearest', axis: 'x', intersect: false },
                plugins: {
                    legend: { position: 'bottom', labels: { boxWidth: 14, boxHeight: 2, padding: 8, font: { size: 11 } } },
                    tooltip: {
                        callbacks: {
                            title: (items) => items.length ? hhmm(items[0].parsed.x) + ' UTC' : '',
                            label: (item) => item.dataset.label + ': ' + formatValue(item.parsed.y, unit),
                        },
                    },
                },
                scales: {
                    // A linear axis of epoch ms: Chart.js's 'time' scale would need a date adapter library.
                    x: {
                        type: 'linear',
                        min: from,
                        max: to,
                        afterBuildTicks: (axis) => this.alignTicks(axis),
                        ticks: { callback: (value) => hhmm(value), maxRotation: 0, autoSkipPadding: 12, font: { size: 11 } },
                        grid: { color: '#eceff3' },
                    },
                    y: {
                        beginAtZero: true,
                        suggestedMax: max,
                        max: max,
                        ticks: { maxTicksLimit: 5, precision, callback: (value) => compact(value), font: { size: 11 } },
                        grid: { color: '#eceff3' },
                    },
                },
            };
        }

        destroy() {
            if (this.abort) this.abort.abort();
            this.charts.forEach((chart) => chart.destroy());
            this.charts.clear();
        }
    }

    const panels = new Map();

    // Live updates may replace parts of the page: pick up new chart sections and let go of removed ones.
    function scan() {
        panels.forEach((panel, root) => {
            if (!root.isConnected) { panel.destroy(); panels.delete(root); }
        });
        document.querySelectorAll('[data-portal-charts]').forEach((root) => {
            if (!panels.has(root)) panels.set(root, new Panel(root));
        });
    }

    function refresh() {
        scan();
        return Promise.all([...panels.values()].map((panel) => panel.load()));
    }

    window.portalCharts = {
        refresh,
        /** Sets every chart section on the page to one range (1h, 3h, 12h, 24h) and reloads it. */
        setRange: (range) => Promise.all([...panels.values()].map((panel) => panel.setRange(range))),
    };

    // The first "metrics" event of a stream names the version the page loaded with (or a newer one after a reconnect).
    let metricsVersion = null;
    function onLiveEvent(event) {
        if (event.detail.name !== 'metrics') return;
        const changed = metricsVersion !== null && metricsVersion !== event.detail.data;
        metricsVersion = event.detail.data;
        if (changed) refresh();
    }

    function start() {
        refresh();
        document.addEventListener('live:event', onLiveEvent);
    }

    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
    else start();
})();
