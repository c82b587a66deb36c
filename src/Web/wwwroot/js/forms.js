// What every page's forms share: date inputs (dates.js), the outcome of a form brought to where the user's eyes are,
// and list filters. Loaded by the layout on every page; everything here also works without it (the server renders
// the outcome next to the form and filters with ?q=).
import { wireDateInputs } from './dates.js';

wireDateInputs();

// After a save or a refused save the page comes back with the outcome next to the form that was used
// ([data-focus-on-load]): bring it into view and move the focus there, so it is read out and seen.
const outcome = document.querySelector('[data-focus-on-load]');
if (outcome) {
  if (!outcome.hasAttribute('tabindex')) outcome.setAttribute('tabindex', '-1');
  const reveal = () => {
    outcome.scrollIntoView({ block: 'center', inline: 'nearest' });
    outcome.focus({ preventScroll: true });
  };
  // Once now and once the web font has settled the layout.
  reveal();
  document.fonts?.ready.then(() => {
    if (document.activeElement === outcome) outcome.scrollIntoView({ block: 'center', inline: 'nearest' });
  });
}

// The progress form: choosing "implemented, pending verification" means 100%; "not started" means 0%.
for (const form of document.querySelectorAll('form[data-progress-form]')) {
  const status = form.querySelector('select[name=status]');
  const progress = form.querySelector('input[name=progress]');
  status?.addEventListener('change', () => {
    if (!progress) return;
    if (status.value === 'implemented-pending-verification') progress.value = '100';
    else if (status.value === 'not-started') progress.value = '0';
    else if (status.value === 'in-progress' && (progress.value === '100' || progress.value === '0')) progress.select();
  });
}

// Filters: <input data-filter="#list"> hides the list's [data-filter-text] items that do not contain every word typed,
// opens the groups (<details data-filter-group>) that have matches, and says how many are shown.
for (const input of document.querySelectorAll('input[data-filter]')) {
  const list = document.querySelector(input.dataset.filter);
  if (!list) continue;
  const counter = input.dataset.filterCount ? document.querySelector(input.dataset.filterCount) : null;
  const items = [...list.querySelectorAll('[data-filter-text]')];
  const kind = input.form?.querySelector('select[data-filter-kind]');
  const apply = () => {
    const words = input.value.toLocaleLowerCase('th').split(/\s+/).filter(Boolean);
    const wanted = kind?.value ?? '';
    let shown = 0;
    for (const item of items) {
      const haystack = item.dataset.filterText.toLocaleLowerCase('th');
      const match = words.every((w) => haystack.includes(w)) && (!wanted || item.dataset.filterKind === wanted);
      item.hidden = !match;
      if (match) shown++;
    }
    for (const group of list.querySelectorAll('details[data-filter-group]')) {
      const visible = group.querySelectorAll('[data-filter-text]:not([hidden])').length;
      group.hidden = visible === 0;
      if (words.length || wanted) group.open = visible > 0;
      const count = group.querySelector('[data-group-count]');
      if (count) count.textContent = String(visible);
    }
    if (counter) counter.textContent = String(shown);
  };
  input.addEventListener('input', apply);
  kind?.addEventListener('change', apply);
  apply();
}
