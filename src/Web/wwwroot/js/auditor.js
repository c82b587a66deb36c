// The auditor's workspace: the three queues are reloaded (GET /api/v1/auditor/queue) whenever a recommendation changes.
// Each shows its first rows and its total; one cut short says "n of m" and links to the whole list (?list=…), which is
// a plain page (not live).
import { LiveBoard, getJson } from './live.js';
import { pageData, el, setText, localized, formatDate, formatWhen, statusBadge, testKey, bindConnection, isSynthetic, syntheticBadge, showShownInPart } from './ui.js';

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

function render(list, items, total) {
  const body = document.getElementById(`queue-${list}`);
  body.replaceChildren(...(items.length
    ? items.map((r) => row(list, r))
    : [el('tr', { class: 'empty' }, el('td', { colspan: 6, class: 'muted' }, text['Auditor.Empty']))]));
  setText(q(`count-${list}`), total);
  // A list shown in part says so (the page's ShownInPart note): "n of m shown" and the link to all of it.
  showShownInPart(q(`more-${list}`), text.ShownOf, items.length, total);
}

let timer = 0;
async function reload() {
  try {
    const queue = await getJson(`/api/v1/auditor/queue?limit=${data.limit ?? 500}`);
    render('awaiting', queue.awaitingVerification ?? [], queue.awaitingVerificationTotal ?? 0);
    render('extensions', queue.pendingExtensions ?? [], queue.pendingExtensionsTotal ?? 0);
    render('reopened', queue.recentlyReopened ?? [], queue.recentlyReopenedTotal ?? 0);
  } catch {
    // shown as rendered; the next change tries again
  }
}
const reloadSoon = () => {
  clearTimeout(timer);
  timer = setTimeout(reload, 300);
};

if (!data.only) {
  const live = new LiveBoard({ trackRecommendations: false, trackBoard: false });
  bindConnection(live, q('conn'), text);
  live.addEventListener('changes', reloadSoon);
  live.addEventListener('snapshot', (event) => {
    if (event.detail.reason !== 'start') reloadSoon();
  });
  live.start();
}
