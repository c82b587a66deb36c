// Date entry on the pages: in Thai dd/mm/yyyy in the Buddhist Era (31/03/2570), in English dd/mm/yyyy in the Common
// Era; ISO (C.E.) goes to the server. The same rules as the server's Text/DateInput.cs, which has the last word: this
// only shows, while typing, which day was understood (or why not) and offers a small calendar.
const BE = 543;
const BE_FLOOR = 2400;

const isEnglish = (lang) => String(lang ?? '').startsWith('en');

const monthNames = (() => {
  const names = new Map();
  for (let m = 1; m <= 12; m++) {
    const date = new Date(Date.UTC(2024, m - 1, 1));
    for (const locale of ['th-TH', 'en-GB']) {
      for (const month of ['long', 'short']) {
        const name = new Intl.DateTimeFormat(locale, { month, timeZone: 'UTC' }).format(date);
        names.set(name.replace(/\./g, '').toLowerCase(), m);
      }
    }
  }
  return names;
})();

function normalise(text) {
  return String(text ?? '')
    .trim()
    .replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0E50))
    .replace(/พ\.ศ\.?/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** {iso, error}: error is date-required, date-format, date-year-be, date-year-ce or date-no-such-day. */
export function parseDateInput(text, lang) {
  const input = normalise(text);
  if (!input) return { iso: null, error: 'date-required' };
  const english = isEnglish(lang);
  let day; let month; let year; let iso = false; let m;
  if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(input))) {
    [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    iso = true;
  } else if ((m = /^(\d{1,2}) ?[/.-] ?(\d{1,2}) ?[/.-] ?(\d{4}|\d{2})$/.exec(input))) {
    [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (m[3].length === 2) year += english ? 2000 : 2500;
  } else if ((m = /^(\d{1,2}) ?([\p{L}\p{M}.]+(?: [\p{L}.]+)?) ?(\d{4}|\d{2})$/u.exec(input)) && monthNames.has(m[2].replace(/\./g, '').toLowerCase())) {
    day = Number(m[1]);
    month = monthNames.get(m[2].replace(/\./g, '').toLowerCase());
    year = Number(m[3]);
    if (m[3].length === 2) year += english ? 2000 : 2500;
  } else {
    return { iso: null, error: 'date-format' };
  }
  if (year >= BE_FLOOR) {
    if (english || iso) return { iso: null, error: 'date-year-ce' };
    year -= BE;
  } else if (!english && !iso) {
    return { iso: null, error: 'date-year-be' };
  }
  if (month < 1 || month > 12) return { iso: null, error: 'date-format' };
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days || year < 1) return { iso: null, error: 'date-no-such-day' };
  return { iso: `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`, error: null };
}

/** "2027-03-31" → "31/03/2570" in Thai, "31/03/2027" in English. */
export function formatDateInput(iso, lang) {
  const [y, mo, d] = String(iso).slice(0, 10).split('-').map(Number);
  const year = isEnglish(lang) ? y : y + BE;
  return `${String(d).padStart(2, '0')}/${String(mo).padStart(2, '0')}/${year}`;
}

/** "วันพุธที่ 31 มีนาคม พ.ศ. 2570" / "Wednesday 31 March 2027". */
export function longDate(iso, lang) {
  const [y, mo, d] = iso.split('-').map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d));
  return isEnglish(lang)
    ? new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date)
    : new Intl.DateTimeFormat('th-TH-u-ca-buddhist', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', era: 'short', timeZone: 'UTC' }).format(date);
}

function todayIso() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Bangkok' }).format(new Date());
}

// ------------------------------------------------------------------ the widget

function calendar(input, lang, text, echo) {
  const english = isEnglish(lang);
  const wrap = input.closest('.date-field');
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'secondary small cal-button';
  button.setAttribute('aria-haspopup', 'dialog');
  button.setAttribute('aria-expanded', 'false');
  button.dataset.testid = `${input.dataset.testid ?? input.name}-calendar`;
  button.textContent = text.calendar ?? '📅';
  button.setAttribute('aria-label', text.calendarLabel ?? text.calendar ?? 'Calendar');
  wrap.append(button);

  const panel = document.createElement('div');
  panel.className = 'calendar';
  panel.hidden = true;
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', text.calendarLabel ?? 'Calendar');
  wrap.append(panel);

  const monthFormat = english
    ? new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' })
    : new Intl.DateTimeFormat('th-TH-u-ca-buddhist', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const weekday = new Intl.DateTimeFormat(english ? 'en-GB' : 'th-TH', { weekday: 'short', timeZone: 'UTC' });
  let shown = null;

  function render() {
    const [y, m] = shown;
    panel.replaceChildren();
    const head = document.createElement('div');
    head.className = 'cal-head';
    const prev = document.createElement('button');
    prev.type = 'button';
    prev.className = 'secondary small';
    prev.textContent = '‹';
    prev.setAttribute('aria-label', text.previousMonth ?? 'Previous month');
    prev.addEventListener('click', () => { shown = m === 1 ? [y - 1, 12] : [y, m - 1]; render(); });
    const next = document.createElement('button');
    next.type = 'button';
    next.className = 'secondary small';
    next.textContent = '›';
    next.setAttribute('aria-label', text.nextMonth ?? 'Next month');
    next.addEventListener('click', () => { shown = m === 12 ? [y + 1, 1] : [y, m + 1]; render(); });
    const title = document.createElement('strong');
    title.className = 'cal-title';
    title.setAttribute('aria-live', 'polite');
    title.textContent = monthFormat.format(new Date(Date.UTC(y, m - 1, 1)));
    head.append(prev, title, next);
    const grid = document.createElement('div');
    grid.className = 'cal-grid';
    grid.setAttribute('role', 'grid');
    for (let d = 0; d < 7; d++) {
      const cell = document.createElement('span');
      cell.className = 'cal-dow';
      cell.textContent = weekday.format(new Date(Date.UTC(2024, 0, 7 + d)));
      grid.append(cell);
    }
    const first = new Date(Date.UTC(y, m - 1, 1)).getUTCDay();
    for (let k = 0; k < first; k++) grid.append(document.createElement('span'));
    const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const selected = parseDateInput(input.value, lang).iso;
    const today = todayIso();
    for (let d = 1; d <= days; d++) {
      const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      const day = document.createElement('button');
      day.type = 'button';
      day.className = 'cal-day';
      day.textContent = String(d);
      day.dataset.date = iso;
      day.setAttribute('aria-label', longDate(iso, lang));
      if (iso === selected) day.setAttribute('aria-pressed', 'true');
      if (iso === today) day.classList.add('today');
      day.addEventListener('click', () => {
        input.value = formatDateInput(iso, lang);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        close();
        input.focus();
      });
      grid.append(day);
    }
    panel.append(head, grid);
  }

  function open() {
    const current = parseDateInput(input.value, lang).iso ?? todayIso();
    const [y, m] = current.split('-').map(Number);
    shown = [y, m];
    render();
    panel.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    (panel.querySelector('[aria-pressed="true"]') ?? panel.querySelector('.cal-day.today') ?? panel.querySelector('.cal-day'))?.focus();
  }

  function close() {
    panel.hidden = true;
    button.setAttribute('aria-expanded', 'false');
  }

  button.addEventListener('click', () => (panel.hidden ? open() : close()));
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      close();
      button.focus();
    }
  });
  document.addEventListener('click', (event) => {
    if (!panel.hidden && !wrap.contains(event.target)) close();
  });
  return echo;
}

/** Every <input data-date-input> on the page: a live reading of what was typed, and a calendar. */
export function wireDateInputs(root = document) {
  for (const input of root.querySelectorAll('input[data-date-input]')) {
    if (input.dataset.wired) continue;
    input.dataset.wired = '1';
    const lang = input.dataset.lang ?? document.documentElement.lang;
    let text = {};
    try {
      text = JSON.parse(input.dataset.dateText ?? '{}');
    } catch {
      text = {};
    }
    const echo = document.getElementById(input.dataset.echo ?? '') ?? null;
    calendar(input, lang, text, echo);
    const show = () => {
      if (!echo) return;
      if (!input.value.trim()) {
        echo.textContent = '';
        echo.classList.remove('error');
        return;
      }
      const { iso, error } = parseDateInput(input.value, lang);
      if (iso) {
        echo.textContent = `= ${longDate(iso, lang)}`;
        echo.classList.remove('error');
      } else {
        echo.textContent = text[error] ?? error;
        echo.classList.add('error');
      }
    };
    input.addEventListener('input', show);
    input.addEventListener('blur', () => {
      // Written back the way the page shows dates, so what is sent is what was understood.
      const { iso } = parseDateInput(input.value, lang);
      if (iso) input.value = formatDateInput(iso, lang);
      show();
    });
    if (input.value.trim() && !input.getAttribute('aria-invalid')) show();
  }
}
