// The executive board (/board, /board?tv=1): KPIs, ECharts charts and the register rows, kept live without reloads.
/* global echarts */
import { LiveBoard, getJson } from './live.js';
import { ProgrammeViews, wireProvinceControls } from './monitoring.js';
import {
  pageData, el, setText, localized, formatDate, formatTime, formatWhen, syntheticBadge, isSynthetic, statusBadge,
  testKey, bindConnection, wireAutosubmit, format, nextFrame, showShownInPart,
} from './ui.js';

const data = pageData();
const text = data.text ?? {};
const statusLabels = data.statusLabels ?? {};
const statuses = Object.keys(statusLabels);
const root = document.getElementById('board');
const FONT = 'Sarabun, Laksaman, "Noto Sans Thai", system-ui, sans-serif';
// Read from across a room: at least 18 px on a wall screen.
const fontSize = data.tv ? 20 : 13;
// TV mode is dark: every chart colour is given here rather than through a theme.
const INK = data.tv ? '#eef3f8' : '#1d2733';
const MUTED = data.tv ? '#b8c6d6' : '#5b6b7c';
const GRID = data.tv ? '#2a415c' : '#e3e8ee';
const axis = () => ({
  axisLabel: { fontFamily: FONT, fontSize, color: MUTED },
  axisLine: { lineStyle: { color: GRID } },
  splitLine: { lineStyle: { color: GRID } },
});

export const STATUS_COLORS = {
  'not-started': '#8a97a6',
  'in-progress': '#2f6fb0',
  'implemented-pending-verification': '#c58a00',
  'closed-implemented': '#1b7f4b',
  'closed-partly-implemented': '#6aa84f',
  'closed-not-implemented': '#b3261e',
  'no-longer-applicable': '#7b5ea7',
};

const live = new LiveBoard({
  reportId: data.reportId ?? null,
  unit: data.unit ?? null,
  dataset: data.dataset ?? null,
  trackRecommendations: !data.totalsOnly,
  trackBoard: true,
  trackMonitoring: true,
  maxItems: data.maxRows ?? 500,
});
// Started before anything else here, so the snapshot's requests and the connection are under way while the rest of the
// page is wired (its events fire later, by when every listener below is registered).
live.start();
const programme = new ProgrammeViews(data.monitoringText ?? {}, { tv: data.tv });
wireProvinceControls(programme);

// ------------------------------------------------------------------ charts

const charts = {};
const sizes = 'ResizeObserver' in window ? new ResizeObserver((entries) => entries.forEach((e) => charts[e.target.id]?.resize())) : null;
if (!sizes) window.addEventListener('resize', () => Object.values(charts).forEach((c) => c.resize()));
window.addEventListener('resize', () => {
  fitList(document.getElementById('feed'));
  fitList(document.getElementById('due-list'));
  document.querySelectorAll('table.mini').forEach(fitRows);
});
// Rows and list items are measured again once the web font has replaced the fallback (its lines are taller).
document.fonts?.ready.then(() => window.dispatchEvent(new Event('resize')));
function chart(id) {
  const node = document.getElementById(id);
  if (!node || typeof echarts === 'undefined') return null;
  if (!charts[id]) {
    // SVG: labels are text in the page, so a wall screen renders them crisply and the layout tests can measure them.
    charts[id] = echarts.init(node, null, { renderer: 'svg' });
    sizes?.observe(node);
  }
  return charts[id];
}

function renderStatusChart(board) {
  const c = chart('chart-status');
  if (!c) return;
  const byStatus = board.totals.byStatus ?? {};
  c.setOption({
    animationDuration: 400,
    textStyle: { fontFamily: FONT, fontSize },
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)', textStyle: { fontFamily: FONT } },
    title: {
      text: String(board.totals.total),
      // On a wall the ring holds the number alone (the card's heading says what it counts).
      subtext: data.tv ? '' : (text.Recommendations ?? ''),
      left: 'center',
      top: 'center',
      textStyle: { fontFamily: FONT, fontSize: data.tv ? 36 : 26, fontWeight: 700, color: INK },
      subtextStyle: { fontFamily: FONT, fontSize: data.tv ? 18 : 12, color: MUTED },
      itemGap: 8,
    },
    series: [{
      type: 'pie',
      radius: ['58%', '86%'],
      avoidLabelOverlap: true,
      label: { show: false },
      itemStyle: { borderColor: data.tv ? '#182a3f' : '#fff', borderWidth: 2 },
      data: statuses.map((s) => ({ name: statusLabels[s], value: byStatus[s] ?? 0, itemStyle: { color: STATUS_COLORS[s] } })),
    }],
  });
}

function renderAgingChart(board) {
  const c = chart('chart-aging');
  if (!c) return;
  const aging = board.overdue?.aging ?? {};
  const keys = Object.keys(aging);
  const colors = ['#e0a03a', '#d9822b', '#c4572a', '#a8261e'];
  c.setOption({
    animationDuration: 400,
    textStyle: { fontFamily: FONT, fontSize },
    grid: { left: data.tv ? 8 : 36, right: 12, top: data.tv ? 34 : 26, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', textStyle: { fontFamily: FONT } },
    xAxis: {
      type: 'category', data: keys.map((k) => data.agingLabels?.[k] ?? k), ...axis(),
      axisLabel: { ...axis().axisLabel, interval: 0, fontSize: data.tv ? fontSize - 2 : fontSize },
    },
    // On a wall each bar carries its count, so the value axis is left out (its ticks crowd a short chart).
    yAxis: { type: 'value', minInterval: 1, show: !data.tv, ...axis() },
    series: [{
      type: 'bar',
      name: text.OverdueCount ?? '',
      barMaxWidth: 48,
      label: { show: true, position: 'top', fontFamily: FONT, fontSize, color: INK },
      data: keys.map((k, i) => ({ value: aging[k] ?? 0, itemStyle: { color: colors[i % colors.length] } })),
    }],
  });
}

/** Finding keys are "{reportId}/{code}": show the code, and the report only when several reports are on the board. */
function groupLabel(key, manyReports) {
  const slash = key.indexOf('/');
  if (slash < 0) return key;
  const report = key.slice(0, slash);
  const code = key.slice(slash + 1);
  const mark = isSynthetic(report) ? ` (${text.Synthetic})` : '';
  return manyReports ? `{code|${code}}\n{report|${report}${mark}}` : `{code|${code}}${mark ? `\n{report|${mark.trim()}}` : ''}`;
}

function renderGroupChart(id, groups) {
  // At most data.chartBars bars (the largest groups): a board with thousands of synthetic findings must stay readable.
  // A chart that leaves groups out says so (the page's ShownInPart note), and the table beside it lists every group.
  const all = groups ?? [];
  const sorted = [...all].sort((a, b) => b.total - a.total).slice(0, data.chartBars ?? 15)
    .sort((a, b) => a.key.localeCompare(b.key)).reverse();
  showShownInPart(q(`${id}-more`), text['Board.ChartShownOf'], sorted.length, all.length);
  const c = chart(id);
  if (!c) return;
  const reports = new Set(sorted.map((g) => g.key.split('/')[0]));
  c.setOption({
    animationDuration: 400,
    textStyle: { fontFamily: FONT, fontSize },
    grid: { left: 8, right: 48, top: data.tv ? 40 : 30, bottom: 8, containLabel: true },
    legend: { top: 0, type: 'scroll', itemGap: 12, textStyle: { fontFamily: FONT, fontSize: fontSize - 2, color: INK }, pageTextStyle: { color: INK } },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      textStyle: { fontFamily: FONT },
      formatter: (params) => {
        // ECharts renders tooltip strings as HTML: escape everything that comes from data.
        const g = sorted[params[0].dataIndex];
        const lines = [`${escapeHtml(g.key)} ${escapeHtml(localized(g.name))}`,
          `${escapeHtml(text.Total)}: ${g.total} · ${escapeHtml(text.Overdue)}: ${g.overdue}`];
        for (const p of params) lines.push(`${p.marker}${escapeHtml(p.seriesName)}: ${p.value}%`);
        return lines.join('<br>');
      },
    },
    // Two ticks (0, 50, 100 %) leave room for each label however narrow the card is.
    xAxis: {
      type: 'value', max: 100, interval: 50, ...axis(),
      axisLabel: { formatter: '{value}%', fontFamily: FONT, fontSize: fontSize - 2, color: MUTED, hideOverlap: true },
    },
    yAxis: {
      type: 'category',
      data: sorted.map((g) => g.key),
      ...axis(),
      axisLabel: {
        // Every bar keeps its label: the chart shows no more bars than it has room for.
        interval: 0,
        fontFamily: FONT,
        fontSize,
        color: INK,
        formatter: (key) => groupLabel(key, reports.size > 1),
        rich: {
          code: { fontFamily: FONT, fontSize, fontWeight: 600, color: INK },
          report: { fontFamily: FONT, fontSize: fontSize - 3, color: MUTED },
        },
      },
    },
    series: [
      {
        type: 'bar', name: text.AverageProgress ?? '', barMaxWidth: 18, itemStyle: { color: data.tv ? '#6ea8e8' : '#2f6fb0' },
        label: { show: !data.tv, position: 'right', formatter: '{c}%', fontFamily: FONT, fontSize: fontSize - 1, color: INK },
        data: sorted.map((g) => Math.round(g.averageProgress)),
      },
      {
        type: 'bar', name: text.ClosedImplementedPercent ?? '', barMaxWidth: 18, itemStyle: { color: '#1b7f4b' },
        data: sorted.map((g) => Math.round(g.closedImplementedPercent)),
      },
    ],
  });
}

// ------------------------------------------------------------------ trend (burn-down by status)

let trendTimer = 0;
/** The trend on screen, and the board's counts by status that its last point (today) was last brought up to. */
let trend = null;
let trendCounts = null;
let boardCounts = null;

async function loadTrend() {
  const c = chart('chart-trend');
  if (!c) return;
  try {
    const query = new URLSearchParams({ weeks: data.tv ? '12' : '26' });
    if (data.reportId) query.set('reportId', data.reportId);
    if (data.dataset) query.set('dataset', data.dataset);
    if (data.unit) query.set('unit', data.unit);
    const counts = boardCounts;
    trend = await getJson(`/api/v1/board/trend?${query}`);
    // The history is read after the board these counts come from, so it holds every change they show.
    trendCounts = counts;
    if (boardCounts !== counts) {
      // The board moved while the history was read; the read may hold some of those changes already.
      moveToday(boardCounts);
      reloadTrendLater();
    }
    renderTrend(trend);
  } catch {
    // the next board change tries again
  }
}

/**
 * Today's point follows the board live: each board delta moves it by the same change in the counts by status (one
 * recommendation leaving one status and entering another, or a new one). The whole trend, rebuilt from the history,
 * is read again a while after changes settle, and replaces the moved point.
 */
function trendFollows() {
  if (!trend || !trendCounts || !trend.points?.length) return;
  moveToday(boardCounts);
  renderTrend(trend);
  reloadTrendLater();
}

/** The whole trend is read again 5 s after the last change that moved today's point. */
function reloadTrendLater() {
  clearTimeout(trendTimer);
  trendTimer = setTimeout(loadTrend, 5000);
}

function moveToday(counts) {
  const today = trend.points[trend.points.length - 1];
  const byStatus = { ...(today.byStatus ?? {}) };
  for (const s of new Set([...Object.keys(counts), ...Object.keys(trendCounts)])) {
    byStatus[s] = Math.max(0, (byStatus[s] ?? 0) + (counts[s] ?? 0) - (trendCounts[s] ?? 0));
  }
  today.byStatus = byStatus;
  today.open = OPEN_STATUSES.reduce((sum, s) => sum + (byStatus[s] ?? 0), 0);
  trendCounts = counts;
}

const OPEN_STATUSES = ['not-started', 'in-progress', 'implemented-pending-verification'];

function renderTrend(trend) {
  const c = chart('chart-trend');
  if (!c) return;
  const mt = data.monitoringText ?? {};
  const open = OPEN_STATUSES;
  const last = trend.points[trend.points.length - 1];
  root.dataset.trendToday = last ? JSON.stringify({ date: last.date, open: last.open, byStatus: last.byStatus ?? {} }) : '';
  c.setOption({
    animationDuration: 300,
    textStyle: { fontFamily: FONT, fontSize },
    // The legend is HTML above the chart (it wraps like text instead of paging or being cut).
    grid: { left: 8, right: 16, top: 12, bottom: 8, containLabel: true },
    legend: { show: false },
    tooltip: { trigger: 'axis', textStyle: { fontFamily: FONT } },
    xAxis: {
      type: 'category', boundaryGap: false, data: trend.points.map((p) => formatDate(p.date)), ...axis(),
      axisLabel: { ...axis().axisLabel, hideOverlap: true, alignMinLabel: 'left', alignMaxLabel: 'right' },
    },
    yAxis: { type: 'value', minInterval: 1, ...axis() },
    series: [
      ...open.map((s) => ({
        type: 'line', stack: 'open', areaStyle: { opacity: 0.85 }, symbol: 'none', name: statusLabels[s] ?? s,
        itemStyle: { color: STATUS_COLORS[s] }, lineStyle: { width: 1 },
        data: trend.points.map((p) => p.byStatus?.[s] ?? 0),
      })),
      {
        type: 'line', name: mt['Mon.TrendOpen'] ?? 'Open', symbol: 'circle', symbolSize: 5, itemStyle: { color: INK }, lineStyle: { width: 2, type: 'dashed' },
        data: trend.points.map((p) => p.open),
      },
    ],
  });
  const legend = document.getElementById('trend-legend');
  if (legend) {
    legend.innerHTML = [
      ...open.map((s) => [`st-${s}`, statusLabels[s] ?? s]),
      ['open-line', mt['Mon.TrendOpen'] ?? 'Open'],
    ].map(([cls, name]) => `<li><span class="swatch ${cls}"></span>${escapeHtml(name)}</li>`).join('');
  }
}

function escapeHtml(value) {
  return String(value ?? '').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[ch]));
}

// ------------------------------------------------------------------ board numbers

const q = (testid) => root.querySelector(`[data-testid="${testid}"]`);
const oneDecimal = (n) => (Math.round(n * 10) / 10).toString();

function renderBoard(board) {
  root.dataset.boardVersion = String(board.version);
  boardCounts = board.totals?.byStatus ?? {};
  const totals = board.totals;
  setText(q('total'), totals.total);
  setText(q('closed-implemented-percent'), oneDecimal(totals.closedImplementedPercent));
  setText(q('closed'), totals.closed);
  setText(q('overdue'), board.overdue.count);
  setText(q('average-progress'), Math.round(totals.averageProgress));
  const bar = q('average-progress-bar');
  if (bar) bar.value = Math.round(totals.averageProgress);
  for (const s of statuses) setText(q(`status-${s}`), totals.byStatus?.[s] ?? 0);
  for (const [bucket, count] of Object.entries(board.overdue.aging ?? {})) setText(q(`aging-${bucket}`), count);
  if (board.dueSoon) {
    setText(q('due-30'), board.dueSoon.within30);
    setText(q('due-60'), board.dueSoon.within60);
    setText(q('due-30-list'), board.dueSoon.within30);
    renderDueSoon(board.dueSoon);
  }
  renderGroupTable('by-unit-body', board.byUnit);
  renderGroupTable('by-finding-body', board.byFinding);
  renderCharts(board);
  touched();
}

function renderCharts(board) {
  renderStatusChart(board);
  renderAgingChart(board);
  renderGroupChart('chart-unit', board.byUnit);
  renderGroupChart('chart-finding', board.byFinding);
}

/**
 * ECharts (about 1 MB) is fetched early (a preload in the page) but run only once the board is live: the figures and
 * the live connection come first, the charts a moment later. Charts drawn before it is there are skipped (chart()
 * answers null) and drawn when it arrives; the board then carries data-charts-ready.
 */
let chartsLib = null;
function withCharts() {
  chartsLib ??= new Promise((resolve, reject) => {
    const src = document.getElementById('echarts-lib')?.href;
    if (typeof echarts !== 'undefined' || !src) {
      resolve();
      return;
    }
    const script = document.createElement('script');
    script.src = src;
    script.async = true;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`${src} did not load`));
    document.head.append(script);
  });
  return chartsLib;
}

function renderGroupTable(id, groups) {
  const body = document.getElementById(id);
  if (!body || !groups) return;
  // A wall shows the rows that fit, so it leads with the most overdue.
  const rows = data.tv ? [...groups].sort((a, b) => b.overdue - a.overdue || b.total - a.total) : groups;
  // Every group, as the page lists them (on a wall screen fitRows hides those that do not fit and says "n of m").
  body.replaceChildren(...rows.map((g) => el('tr', {},
    el('th', { scope: 'row', title: localized(g.name) }, g.key),
    el('td', {}, g.total),
    el('td', {}, g.overdue),
    el('td', {}, `${Math.round(g.averageProgress)}%`))));
  fitRows(body.closest('table'));
}

/**
 * On a wall screen a table shows the rows that fit inside its card, whole, and says "n of m shown" in its footer
 * when some are left out. Elsewhere every row shows.
 */
function fitRows(table) {
  if (!data.tv || !table?.tBodies[0]) return;
  const rows = [...table.tBodies[0].rows];
  for (const row of rows) row.hidden = false;
  let foot = table.tFoot;
  if (foot) foot.hidden = true;
  const card = table.closest('.card');
  const limit = () => card.getBoundingClientRect().bottom - parseFloat(getComputedStyle(card).paddingBottom);
  if (!rows.length || rows[rows.length - 1].getBoundingClientRect().bottom <= limit() + 0.5) return;
  if (!foot) {
    foot = table.createTFoot();
    const cell = foot.insertRow().insertCell();
    cell.colSpan = rows[0].cells.length;
    cell.className = 'muted';
  }
  foot.hidden = false;
  const bottom = limit() - foot.getBoundingClientRect().height;
  const fits = rows.map((row) => row.getBoundingClientRect().bottom <= bottom + 0.5);
  rows.forEach((row, i) => { row.hidden = !fits[i]; });
  foot.rows[0].cells[0].textContent = format(text.ShownOf, fits.filter(Boolean).length, rows.length);
}

/**
 * On a wall screen a list shows the items that fit whole: the rest are hidden rather than cut through (the page
 * never scrolls there). Elsewhere lists scroll.
 */
function fitList(list) {
  if (!data.tv || !list) return;
  for (const item of list.children) item.hidden = false;
  const bottom = list.getBoundingClientRect().bottom;
  for (const item of list.children) item.hidden = item.getBoundingClientRect().bottom > bottom + 0.5;
}

function renderDueSoon(dueSoon) {
  const list = document.getElementById('due-list');
  if (!list) return;
  // A list shown in part says so: "n of m shown", with the way to all of them.
  const more = document.getElementById('due-more');
  if (more) {
    const shown = dueSoon.items?.length ?? 0;
    more.hidden = shown >= dueSoon.within60;
    setText(document.getElementById('due-more-text'), format(text.ShownOf, shown, dueSoon.within60));
  }
  if (!dueSoon.items?.length) {
    list.replaceChildren(el('li', { class: 'muted' }, text.NoneDueSoon));
    return;
  }
  list.replaceChildren(...dueSoon.items.map((d) => el('li', { class: d.daysLeft <= 30 ? 'soon' : '' },
    el('a', { href: `/recommendations/${encodeURIComponent(d.id)}` }, d.code),
    ' ',
    el('span', { class: 'due-title' }, localized(d.title), isSynthetic(d.id.split('.')[0]) ? [' ', syntheticBadge(text.Synthetic)] : null),
    ' ',
    el('span', { class: 'due-when' }, el('time', { datetime: d.dueDate }, formatDate(d.dueDate)), ` · ${format(text.DaysLeft, d.daysLeft)}`))));
  fitList(list);
}

// ------------------------------------------------------------------ register rows

const rows = document.getElementById('rows');

function rowFor(item) {
  const key = testKey(item);
  const tr = el('tr', { dataset: { id: item.id, testid: `rec-${key}` } },
    el('td', { class: 'code' }, el('a', { href: `/recommendations/${encodeURIComponent(item.id)}` }, item.code)),
    el('td', { class: 'title' }),
    el('td', { class: 'units' }),
    el('td', { class: 'status' }),
    el('td', { class: 'progress' }, el('progress', { max: 100, value: 0, 'aria-label': text.Progress }), ' ',
      el('span', { dataset: { testid: `rec-${key}-progress` } }), '%'),
    el('td', { class: 'due' }, el('time')));
  if (isSynthetic(item.reportId)) tr.cells[0].append(' ', syntheticBadge(text.Synthetic));
  return tr;
}

function updateRow(tr, item) {
  const key = testKey(item);
  tr.dataset.version = String(item.version);
  tr.classList.toggle('child', !!item.parentId);
  tr.classList.toggle('is-overdue', !!item.overdue);
  setText(tr.cells[1], localized(item.title));
  setText(tr.cells[2], (item.units ?? []).join(', '));
  const badge = tr.cells[3].querySelector('.badge');
  if (!badge || badge.dataset.status !== item.status) {
    tr.cells[3].replaceChildren(statusBadge(item.status, statusLabels[item.status] ?? item.status, `rec-${key}-status`));
  }
  const progress = tr.cells[4].querySelector('progress');
  progress.value = item.progress;
  progress.textContent = `${item.progress}%`;
  setText(tr.cells[4].querySelector('span'), item.progress);
  const time = tr.cells[5].querySelector('time');
  time.setAttribute('datetime', item.dueDate ?? '');
  setText(time, formatDate(item.dueDate));
  const flag = tr.cells[5].querySelector('.badge.overdue');
  if (item.overdue && !flag) tr.cells[5].append(' ', el('span', { class: 'badge overdue', dataset: { testid: `rec-${key}-overdue` } }, text.Overdue));
  if (!item.overdue && flag) flag.remove();
}

function flash(tr) {
  tr.classList.remove('flash');
  void tr.offsetWidth; // restart the animation
  tr.classList.add('flash');
}

function renderRows() {
  if (!rows) return;
  const existing = new Map([...rows.rows].map((tr) => [tr.dataset.id, tr]));
  const ordered = [];
  for (const item of live.items.values()) {
    const tr = existing.get(item.id) ?? rowFor(item);
    existing.delete(item.id);
    updateRow(tr, item);
    ordered.push(tr);
  }
  for (const stale of existing.values()) stale.remove();
  ordered.forEach((tr, i) => {
    if (rows.rows[i] !== tr) rows.insertBefore(tr, rows.rows[i] ?? null);
  });
}

function renderItem(item) {
  if (!rows) return;
  let tr = [...rows.rows].find((r) => r.dataset.id === item.id);
  if (!tr) {
    tr = rowFor(item);
    rows.append(tr);
  }
  updateRow(tr, item);
  flash(tr);
  touched();
}

// ------------------------------------------------------------------ activity feed

const feed = document.getElementById('feed');
const feedIds = new Set();
const FEED_MAX = 30;

function activityEntry(entry) {
  const li = el('li', { class: 'feed-item', dataset: { id: entry.id, testid: 'activity-item' } },
    el('time', { datetime: entry.at }, formatWhen(entry.at)),
    ' ',
    el('a', { href: `/recommendations/${encodeURIComponent(entry.recommendationId)}`, class: 'feed-text' }, localized(entry.summary)),
    ' ',
    el('span', { class: 'feed-who' }, entry.actor?.displayName ?? ''));
  if (entry.synthetic || isSynthetic(entry.reportId)) li.append(' ', syntheticBadge(text.Synthetic));
  return li;
}

/** The chosen report's lines; with none chosen, the data set's lines (the real reports' unless synthetic is chosen). */
function inFeedScope(entry) {
  return data.reportId ? entry.reportId === data.reportId : !!(entry.synthetic || isSynthetic(entry.reportId)) === (data.dataset === 'synthetic');
}

async function loadActivity() {
  if (!feed) return;
  try {
    const query = new URLSearchParams({ limit: '20' });
    if (data.reportId) query.set('reportId', data.reportId);
    if (data.dataset) query.set('dataset', data.dataset);
    const entries = await getJson(`/api/v1/activity?${query}`);
    feedIds.clear();
    const items = entries.filter(inFeedScope).map((e) => {
      feedIds.add(e.id);
      return activityEntry(e);
    });
    feed.replaceChildren(...(items.length ? items : [el('li', { class: 'muted' }, text.NoActivity)]));
    fitList(feed);
  } catch {
    // the live feed still arrives; the next snapshot reload tries again
  }
}

function addActivity(entries) {
  if (!feed) return;
  const fresh = entries.filter((e) => inFeedScope(e) && !feedIds.has(e.id));
  if (!fresh.length) return;
  feed.querySelector('.muted')?.remove();
  for (const entry of fresh) {
    feedIds.add(entry.id);
    feed.prepend(activityEntry(entry));
  }
  while (feed.children.length > FEED_MAX) {
    feedIds.delete(feed.lastElementChild.dataset.id);
    feed.lastElementChild.remove();
  }
  fitList(feed);
}

// ------------------------------------------------------------------ clock, demo banner

const updated = q('last-updated');
function touched() {
  const now = new Date();
  updated?.setAttribute('datetime', now.toISOString());
  setText(updated, formatTime(now));
}

const clock = q('clock');
if (clock) {
  const tick = () => setText(clock, formatTime(new Date()));
  tick();
  setInterval(tick, 1000);
}

async function loadDemo() {
  try {
    const demo = await getJson('/api/v1/demo');
    const banner = q('demo-banner');
    if (banner) banner.hidden = !(demo?.enabled && demo?.activity);
  } catch {
    // no demo information: no banner
  }
}

// ------------------------------------------------------------------ wiring

bindConnection(live, q('conn'), text);
wireAutosubmit();
live.addEventListener('snapshot', () => {
  if (live.board) renderBoard(live.board);
  renderRows();
  loadActivity();
  if (live.monitoring) programme.render(live.monitoring);
  markLive();
  withCharts().then(async () => {
    if (live.board) renderCharts(live.board);
    await loadTrend();
    root.dataset.chartsReady = 'true';
  }).catch(() => {
    // no charts: the figures and tables still show everything
  });
});
live.addEventListener('board', (event) => {
  renderBoard(event.detail.board); // sets boardCounts
  trendFollows();
});
// A batch of figures arrives as one message per office, service or agency (77 for a province batch): each view is
// re-rendered once per frame, however many of its parts were replaced since the last one.
const dirtyViews = new Set();
let viewsFrame = 0;
function renderDirtyViews() {
  viewsFrame = 0;
  for (const kind of dirtyViews) programme.update(kind);
  dirtyViews.clear();
  touched();
}
live.addEventListener('monitoring', (event) => {
  dirtyViews.add(event.detail.kind);
  if (!viewsFrame) viewsFrame = nextFrame(renderDirtyViews);
});
live.addEventListener('recommendation', (event) => renderItem(event.detail.item));
live.addEventListener('activity', (event) => addActivity(event.detail.entries));
// ------------------------------------------------------------------ folds (phones), TV screens

/** On a phone the board leads with its figures; the rest opens on demand. */
function foldForPhone() {
  if (data.tv || !window.matchMedia('(max-width: 700px)').matches) return;
  for (const fold of root.querySelectorAll('details.fold')) fold.open = false;
}

/** A link to a part of the board that sits in a closed fold (e.g. "see all in the register") opens the fold. */
function openFoldFor(hash) {
  const target = hash && hash.length > 1 ? document.getElementById(decodeURIComponent(hash.slice(1))) : null;
  const fold = target?.closest('details.fold');
  if (fold && !fold.open) fold.open = true;
}
window.addEventListener('hashchange', () => openFoldFor(window.location.hash));
root.addEventListener('click', (event) => {
  const link = event.target.closest?.('a[href^="#"]');
  if (link) openFoldFor(link.getAttribute('href'));
});

/** TV mode shows one screen at a time, in turn every 30 s unless one was asked for (?screen=…). */
function rotateScreens() {
  if (!data.tv || !data.rotate) return;
  setInterval(() => {
    const screens = data.screens ?? ['recommendations'];
    root.dataset.screen = screens[(screens.indexOf(root.dataset.screen) + 1) % screens.length];
    Object.values(charts).forEach((c) => c.resize());
    fitList(feed);
    fitList(document.getElementById('due-list'));
  }, 30000);
}

/** The page is live once the first snapshot has been drawn (used by tests and the load benchmark). */
function markLive() {
  if (!root.dataset.liveSince) root.dataset.liveSince = String(Math.round(performance.now()));
}

foldForPhone();
openFoldFor(window.location.hash);
rotateScreens();
loadDemo();
window.oversightBoard = live;
