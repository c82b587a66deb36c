// The auditor's workspace: the three queues are reloaded (GET /api/v1/auditor/queue) whenever a recommendation changes.
import { LiveBoard, getJson } from './live.js';
import { pageData, el, setText, localized, formatDate, formatWhen, statusBadge, testKey, bindConnection, isSynthetic, syntheticBadge } from './ui.js';

const data = pageData();
const text = data.text ?? {};
const statusLabels = data.statusLabels ?? {};
const q = (testid) => document.querySelector(`[data-testid="${testid}"]`);

function row(list, r) {
  const body = document.getElementById(`queue-${list}`);
  const link = body.dataset.link;
  const extra = body.dataset.extra;
  const due = el('td', { class: 'due' }, el('time', { datetime: r.dueDate }, formatDate(r.dueDate)));
  if (extra === 'extension' && r.pendingExtensionDueDate) due.append(el('br'), el('small', {}, `→ ${formatDate(r.pendingExtensionDueDate)}`));
  if (extra === 'reopened' && r.reopenedAt) due.append(el('br'), el('small', { class: 'muted' }, formatWhen(r.reopenedAt)));
  const label = link === 'decide' ? text['Auditor.Decide'] : link === 'verify' ? text['Auditor.Verify'] : text.Open;
  return el('tr', { dataset: { id: r.id, testid: `${list}-${testKey(r)}` } },
    el('td', { class: 'code' }, el('a', { href: `/recommendations/${encodeURIComponent(r.id)}` }, r.code),
      isSynthetic(r.reportId) ? [' ', syntheticBadge(text.Synthetic)] : null),
    el('td', { class: 'title' }, localized(r.title)),
    el('td', { class: 'units' }, (r.units ?? []).join(', ')),
    el('td', { class: 'status' }, statusBadge(r.status, statusLabels[r.status] ?? r.status), ' ', el('small', {}, `${r.progress}%`)),
    due,
    el('td', {}, el('a', { class: 'button small', href: `/recommendations/${encodeURIComponent(r.id)}#${link}` }, label)));
}

function render(list, items) {
  const body = document.getElementById(`queue-${list}`);
  body.replaceChildren(...(items.length
    ? items.map((r) => row(list, r))
    : [el('tr', { class: 'empty' }, el('td', { colspan: 6, class: 'muted' }, text['Auditor.Empty']))]));
  setText(q(`count-${list}`), items.length);
}

let timer = 0;
async function reload() {
  try {
    const queue = await getJson('/api/v1/auditor/queue');
    render('awaiting', queue.awaitingVerification ?? []);
    render('extensions', queue.pendingExtensions ?? []);
    render('reopened', queue.recentlyReopened ?? []);
  } catch {
    // shown as rendered; the next change tries again
  }
}
const reloadSoon = () => {
  clearTimeout(timer);
  timer = setTimeout(reload, 300);
};

const live = new LiveBoard({ trackRecommendations: false, trackBoard: false });
bindConnection(live, q('conn'), text);
live.addEventListener('changes', reloadSoon);
live.addEventListener('snapshot', (event) => {
  if (event.detail.reason !== 'start') reloadSoon();
});
live.start();
