// The Utilization tab's chart: usage over time, and the plan's included amount as a dashed line.
(function () {
  "use strict";
  const canvas = document.getElementById("usage-chart");
  if (!canvas || !window.Chart) return;
  // The series ends at the last whole step; the usage right now ends the line.
  const points = JSON.parse(canvas.dataset.points || "[]");
  if (canvas.dataset.nowAt) points.push({ at: canvas.dataset.nowAt, usageBytes: Number(canvas.dataset.nowBytes) });
  const included = canvas.dataset.included ? Number(canvas.dataset.included) : null;
  const top = Math.max(included || 0, ...points.map((p) => p.maxBytes || p.usageBytes));
  const units = [["B", 1], ["kB", 1e3], ["MB", 1e6], ["GB", 1e9], ["TB", 1e12]];
  const [unit, scale] = units.filter(([, s]) => top >= s).pop() || units[0];
  const labels = points.map((p) => p.at.slice(5, 16).replace("T", " "));
  const datasets = [{
    label: "Used (" + unit + ")",
    data: points.map((p) => p.usageBytes / scale),
    borderColor: "#2a5bd7",
    backgroundColor: "rgba(42, 91, 215, 0.12)",
    fill: true,
    pointRadius: 0,
    tension: 0.2,
  }];
  if (included !== null) {
    datasets.push({
      label: "Included in the plan (" + unit + ")",
      data: points.map(() => included / scale),
      borderColor: "#b42318",
      borderDash: [6, 4],
      pointRadius: 0,
      fill: false,
    });
  }
  new window.Chart(canvas, {
    type: "line",
    data: { labels, datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { y: { beginAtZero: true, title: { display: true, text: unit } } },
      plugins: { legend: { position: "bottom" } },
    },
  });
  canvas.dataset.rendered = String(points.length);
})();
