// The recommendation page: status and progress stay live; when someone else changes the recommendation the page says
// so (its forms carry the version they were rendered with, so a stale form would be refused anyway).
import { LiveBoard, getJson } from './live.js';
import { pageData, el, setText, bindConnection } from './ui.js';

const data = pageData();
const text = data.text ?? {};
const statusLabels = data.statusLabels ?? {};
const root = document.querySelector('[data-testid="recommendation"]');
const q = (testid) => document.querySelector(`[data-testid="${testid}"]`);
let known = Number(data.version);

function show(status, progress, overdue, version) {
  const badge = q('rec-status');
  if (badge && badge.dataset.status !== status) {
    badge.className = `badge st-${status}`;
    badge.dataset.status = status;
    setText(badge, statusLabels[status] ?? status);
  }
  setText(q('rec-progress'), progress);
  const bar = q('rec-progress-bar');
  if (bar) bar.value = progress;
  const flag = q('rec-overdue');
  if (overdue && !flag) badge?.parentElement?.insertBefore(el('span', { class: 'badge overdue', dataset: { testid: 'rec-overdue' } }, text.Overdue), bar ?? null);
  if (!overdue && flag) flag.remove();
  if (version > Number(data.version)) {
    q('stale-banner').hidden = false;
    root.dataset.liveVersion = String(version);
  }
}

const live = new LiveBoard({ trackRecommendations: false, trackBoard: false });
bindConnection(live, q('conn'), text);
live.addEventListener('changes', (event) => {
  for (const change of event.detail.changes) {
    if (change.id === data.id && change.version > known) {
      known = change.version;
      show(change.status, change.progress, change.overdue, change.version);
    }
  }
});
// After every (re)connect, catch up with anything missed while away.
live.addEventListener('snapshot', async () => {
  try {
    const current = await getJson(`/api/v1/recommendations/${encodeURIComponent(data.id)}`);
    if (current.version > known) {
      known = current.version;
      show(current.status, current.progress, current.overdue, current.version);
    }
  } catch {
    // shown as it was rendered
  }
});
live.start();

// Refuse an oversized file before uploading 25 MB for nothing.
const upload = q('evidence-form');
upload?.addEventListener('submit', (event) => {
  const file = upload.querySelector('input[type="file"]')?.files?.[0];
  const tooLarge = !!file && file.size > Number(upload.dataset.maxBytes);
  q('file-too-large').hidden = !tooLarge;
  if (tooLarge) event.preventDefault();
});
