// A unit officer's workspace: the unit's recommendations stay live, and its notifications can be marked read. It lists
// the newest notifications and, when there are more, says "n of m" (the page's ShownInPart note) with a link to all of
// them; that page (?list=notifications&offset=) lists them a page at a time and is not live.
import { LiveBoard, getJson, postJson } from './live.js';
import {
  pageData, el, setText, localized, formatDate, formatWhen, statusBadge, testKey, bindConnection, isSynthetic, syntheticBadge, format, showShownInPart,
} from './ui.js';

const data = pageData();
const text = data.text ?? {};
const statusLabels = data.statusLabels ?? {};
const rows = document.getElementById('rows');
const q = (testid) => document.querySelector(`[data-testid="${testid}"]`);

// The unit's board is tracked too: the figures count every recommendation of the unit, not the rows listed.
const live = new LiveBoard({ unit: data.unit, trackBoard: true, trackRecommendations: true, maxItems: data.maxRows ?? 500 });

function rowFor(item) {
  const key = testKey(item);
  const href = `/recommendations/${encodeURIComponent(item.id)}`;
  const tr = el('tr', { dataset: { id: item.id, testid: `rec-${key}` } },
    el('td', { class: 'code' }, el('a', { href }, item.code), isSynthetic(item.reportId) ? [' ', syntheticBadge(text.Synthetic)] : null),
    el('td', { class: 'title' }, localized(item.title)),
    el('td', { class: 'status' }),
    el('td', { class: 'progress' }, el('progress', { max: 100, value: 0, 'aria-label': text.Progress }), ' ', el('span', { dataset: { testid: `rec-${key}-progress` } }), '%'),
    el('td', { class: 'due' }, el('time')),
    el('td', {}, el('nav', { class: 'quick-links', 'aria-label': item.code },
      el('a', { href: `${href}#update` }, text.Update),
      el('a', { href: `${href}#upload` }, text.Evidence),
      el('a', { href: `${href}#request-extension` }, text.Extension),
      el('a', { href: `${href}#comment` }, text.Comment))));
  return tr;
}

function updateRow(tr, item) {
  const key = testKey(item);
  tr.dataset.version = String(item.version);
  tr.classList.toggle('is-overdue', !!item.overdue);
  const badge = tr.cells[2].querySelector('.badge');
  if (!badge || badge.dataset.status !== item.status) {
    tr.cells[2].replaceChildren(statusBadge(item.status, statusLabels[item.status] ?? item.status, `rec-${key}-status`));
  }
  const progress = tr.cells[3].querySelector('progress');
  progress.value = item.progress;
  setText(tr.cells[3].querySelector('span'), item.progress);
  const time = tr.cells[4].querySelector('time');
  time.setAttribute('datetime', item.dueDate ?? '');
  setText(time, formatDate(item.dueDate));
  const flag = tr.cells[4].querySelector('.badge.overdue');
  if (item.overdue && !flag) tr.cells[4].append(' ', el('span', { class: 'badge overdue', dataset: { testid: `rec-${key}-overdue` } }, text.Overdue));
  if (!item.overdue && flag) flag.remove();
}

function renderKpis() {
  const board = live.board;
  if (!board) return;
  const byStatus = board.totals?.byStatus ?? {};
  setText(q('unit-total'), board.totals?.total ?? 0);
  setText(q('unit-in-progress'), byStatus['in-progress'] ?? 0);
  setText(q('unit-pending'), byStatus['implemented-pending-verification'] ?? 0);
  setText(q('unit-overdue'), board.overdue?.count ?? 0);
  setText(q('unit-closed'), board.totals?.closed ?? 0);
}

function renderItem(item) {
  let tr = [...rows.rows].find((r) => r.dataset.id === item.id);
  if (!tr) {
    tr = rowFor(item);
    rows.append(tr);
  }
  updateRow(tr, item);
  tr.classList.remove('flash');
  void tr.offsetWidth;
  tr.classList.add('flash');
  renderKpis();
}

function renderAll() {
  const seen = new Set();
  for (const item of live.items.values()) {
    seen.add(item.id);
    let tr = [...rows.rows].find((r) => r.dataset.id === item.id);
    if (!tr) {
      tr = rowFor(item);
      rows.append(tr);
    }
    updateRow(tr, item);
  }
  for (const tr of [...rows.rows]) if (!seen.has(tr.dataset.id)) tr.remove();
  renderKpis();
}

// ------------------------------------------------------------------ notifications

const list = document.getElementById('notifications');
const unread = q('unread-count');

function notification(n) {
  const li = el('li', { class: n.read ? '' : 'unread', dataset: { id: n.id, testid: `notification-${n.id}` } },
    el('div', { class: 'note-head' },
      el('span', { class: n.kind === 'overdue' || n.kind === 'action-overdue' ? 'badge overdue' : 'badge' }, text[`Notification.${n.kind}`] ?? n.kind),
      el('a', { href: `/recommendations/${encodeURIComponent(n.recommendationId)}` }, n.code),
      el('span', { class: 'muted' }, formatWhen(n.createdAt))),
    el('div', {}, n.message ? localized(n.message) : localized(n.title)),
    el('div', { class: 'muted' }, `${text.DueDate}: ${formatDate(n.dueDate)} · `,
      n.daysLeft < 0 ? format(text.DaysLate, -n.daysLeft) : format(text.DaysLeft, n.daysLeft)));
  if (!n.read) {
    const button = el('button', { type: 'button', class: 'small secondary', dataset: { testid: 'mark-read' } }, text.MarkRead);
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await postJson(`/api/v1/notifications/${encodeURIComponent(n.id)}/read`);
        n.read = true;
        li.classList.remove('unread');
        button.replaceWith(el('span', { class: 'muted' }, text.Read));
        setUnread(Number(unread.textContent) - 1);
      } catch {
        button.disabled = false;
      }
    });
    li.append(button);
  }
  return li;
}

function setUnread(count) {
  setText(unread, Math.max(0, count));
  unread.hidden = count <= 0;
}

const page = data.notifications ?? {};

async function loadNotifications() {
  try {
    const query = new URLSearchParams({ unreadOnly: 'false', offset: String(page.offset ?? 0), limit: String(page.limit ?? 100) });
    const result = await getJson(`/api/v1/notifications?${query}`);
    const items = result.items ?? [];
    list.replaceChildren(...(items.length ? items.map(notification) : [el('li', { class: 'muted' }, text.NoNotifications)]));
    setUnread(result.unread ?? items.filter((n) => !n.read).length);
    // A list shown in part says so (the page's ShownInPart note): "n of m" and the link to all of them.
    showShownInPart(q('notifications-more'), text.NotificationsShownOf, items.length, result.total ?? items.length);
  } catch {
    list.replaceChildren(el('li', { class: 'muted' }, text.NotificationsUnavailable));
  }
}

if (page.only) {
  loadNotifications();
} else {
  bindConnection(live, q('conn'), text);
  live.addEventListener('snapshot', () => {
    renderAll();
    loadNotifications();
  });
  live.addEventListener('recommendation', (event) => renderItem(event.detail.item));
  live.addEventListener('board', renderKpis);
  live.start();
}
