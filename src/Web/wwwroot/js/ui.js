// DOM and formatting helpers for the live pages. Text always goes in as text nodes, never innerHTML; Thai text is broken
// only at word boundaries (thai.js), like the server-rendered text.
import { isSyntheticReport } from './live.js';
import { thaiNodes } from './thai.js';

/** The page's data block (<script type="application/json" id="page-data">), or {}. */
export function pageData() {
  const block = document.getElementById('page-data');
  try {
    return block ? JSON.parse(block.textContent) : {};
  } catch {
    return {};
  }
}

export const lang = document.documentElement.lang === 'en' ? 'en' : 'th';

const dateFormat = lang === 'en'
  ? new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })
  : new Intl.DateTimeFormat('th-TH-u-ca-buddhist', { day: 'numeric', month: 'short', year: '2-digit', timeZone: 'UTC' });

const timeFormat = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'th-TH', {
  hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, timeZone: 'Asia/Bangkok',
});

const shortTimeFormat = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'th-TH', {
  hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Bangkok',
});

const dayKey = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Bangkok' });

/** "2026-11-24" → "24 พ.ย. 69" (B.E.) in Thai, "24 Nov 2026" in English. */
export function formatDate(iso) {
  if (!iso) return '–';
  const [y, m, d] = String(iso).slice(0, 10).split('-').map(Number);
  return dateFormat.format(new Date(Date.UTC(y, m - 1, d)));
}

export function formatTime(instant, withSeconds = true) {
  const date = instant instanceof Date ? instant : new Date(instant);
  return (withSeconds ? timeFormat : shortTimeFormat).format(date);
}

/** Time only when it is today (Bangkok), else the B.E. date and the time. */
export function formatWhen(instant) {
  const date = new Date(instant);
  const day = dayKey.format(date);
  const today = dayKey.format(new Date());
  return day === today ? formatTime(date, false) : `${formatDate(day)} ${formatTime(date, false)}`;
}

/** Builds an element: el('span', {class: 'x', dataset: {testid: 'y'}}, 'text', child…). Strings become text nodes. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'text') node.replaceChildren(thaiNodes(value));
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : thaiNodes(child));
  }
  return node;
}

export function setText(node, text) {
  if (node && node.textContent !== String(text)) node.replaceChildren(thaiNodes(text));
}

export function localized(text) {
  if (!text) return '';
  return (lang === 'en' ? text.en : text.th) || text.th || text.en || '';
}

export function syntheticBadge(label) {
  return el('span', { class: 'badge synthetic', dataset: { testid: 'synthetic' } }, label);
}

export function isSynthetic(reportId) {
  return isSyntheticReport(reportId);
}

export function statusBadge(status, label, testid) {
  return el('span', { class: `badge st-${status}`, dataset: { status, ...(testid ? { testid } : {}) } }, label);
}

/** Key used in data-testid for a recommendation row: its code, prefixed by the report id for synthetic reports. */
export function testKey(item) {
  return isSynthetic(item.reportId) ? `${item.reportId}-${item.code}` : item.code;
}

/** Connection indicator: <span class="conn" data-state> with a .conn-text child. */
export function bindConnection(live, node, text) {
  if (!node) return;
  const show = (state) => {
    node.dataset.state = state;
    setText(node.querySelector('.conn-text'), text[`Live.${state}`] ?? state);
  };
  show(live.state);
  live.addEventListener('state', (event) => show(event.detail.state));
}

/** Selects with data-autosubmit submit their form on change (no inline handlers under the CSP). */
export function wireAutosubmit(root = document) {
  for (const select of root.querySelectorAll('select[data-autosubmit]')) {
    select.addEventListener('change', () => select.form?.requestSubmit());
  }
}

export function format(template, ...args) {
  return String(template ?? '').replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)] ?? ''));
}

/**
 * A page's ShownInPart note (_ShownInPart.cshtml) for a list re-rendered here: hidden while nothing is left out,
 * otherwise "n of m" in the note's format (a resource with {0} shown and {1} in all).
 */
export function showShownInPart(note, template, shown, total) {
  if (!note) return;
  note.hidden = shown >= total;
  setText(note.querySelector('.shown-of'), format(template, shown, total));
}

/**
 * Runs fn before the next paint (once per frame, so changes that arrive together are drawn once), or on the next task
 * when the page is hidden (a hidden page gets no frames, and its DOM must still follow the live data).
 */
export function nextFrame(fn) {
  return document.hidden ? setTimeout(fn, 0) : requestAnimationFrame(fn);
}
