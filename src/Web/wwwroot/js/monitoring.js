// Programme monitoring views: indicators, contract milestones, the 77 offices, e-services and data exchange.
// Rendered from the monitoring snapshot a LiveBoard holds (GET /api/v1/monitoring) and re-rendered in place when a
// live message replaces one of its views. Every number is a figure with its provenance: hovering or focusing (tapping)
// it shows its source, period, as-of date and freshness; synthetic figures carry a visible mark.
// Text goes in through textContent only; positions are set through the CSSOM (the CSP forbids style attributes).
import { el, setText, localized, formatDate, format, lang } from './ui.js';

const number = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'th-TH', { maximumFractionDigits: 1 });
const money = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'th-TH', { maximumFractionDigits: 0 });
const monthFormat = lang === 'en'
  ? new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' })
  : new Intl.DateTimeFormat('th-TH-u-ca-buddhist', { month: 'short', year: '2-digit', timeZone: 'UTC' });

export const REGIONS = ['Bangkok', 'Central', 'North', 'Northeast', 'South'];
export const PROVINCE_FIGURES = {
  lbdaRegistrationRate: (p) => p.lbdaRegistrationRate,
  activeUsers: (p) => p.metrics?.['lbda.active-users'],
  informalCoverage: (p) => p.informalCoverage,
  recordFreshness: (p) => p.recordFreshness,
};
const PERCENT_FIGURES = new Set(['lbdaRegistrationRate', 'informalCoverage', 'recordFreshness']);

export class ProgrammeViews {
  /**
   * @param {object} text the page's UI strings (Mon.*, Fresh.*, … from MonitoringResource)
   * @param {object} options {tv: boolean, compact: boolean}
   */
  constructor(text, options = {}) {
    this.text = text;
    this.tv = !!options.tv;
    this.provinceFigure = 'lbdaRegistrationRate';
    this.provinceSort = 'region';
    this.snapshot = null;
  }

  t(key, ...args) {
    const value = this.text[key] ?? key;
    return args.length ? format(value, ...args) : value;
  }

  // ---------------------------------------------------------------- figures

  /** "2026-10" → "ต.ค. 69" / "Oct 2026"; "FY2569" → "ปีงบประมาณ 2569" / "FY2569"; other periods as given. */
  period(value) {
    if (!value) return '';
    const month = /^(\d{4})-(\d{2})$/.exec(value);
    if (month) return monthFormat.format(new Date(Date.UTC(Number(month[1]), Number(month[2]) - 1, 1)));
    const fiscal = /^FY(\d{4})$/.exec(value);
    if (fiscal) return lang === 'en' ? value : `ปีงบประมาณ ${fiscal[1]}`;
    return value;
  }

  source(value) {
    if (!value) return '';
    if (value === 'computed') return this.t('Mon.Computed');
    if (value.startsWith('report:')) return `${this.t('Mon.ReportSays')} (${value.slice('report:'.length)})`;
    return value;
  }

  /** The provenance line of a figure (for its tooltip and its accessible name). */
  provenance(figure) {
    if (!figure) return '';
    const parts = [`${this.t('Mon.Source')}: ${this.source(figure.source)}`];
    if (figure.period) parts.push(`${this.t('Mon.Period')}: ${this.period(figure.period)}`);
    parts.push(`${this.t('Mon.AsOf')}: ${figure.asOf ? formatDate(figure.asOf) : '–'}`);
    parts.push(`${this.t('Mon.Freshness')}: ${this.t(`Fresh.${figure.freshness ?? 'unknown'}`)}`);
    if (figure.synthetic) parts.push(this.t('Mon.SyntheticLong'));
    if (figure.note) parts.push(localized(figure.note));
    return parts.join(' · ');
  }

  formatValue(value, unit) {
    if (value === null || value === undefined) return null;
    const en = unit?.en ?? '';
    if (en === '%') return `${number.format(value)}%`;
    if (en === 'baht') return `${money.format(value)} ${localized(unit)}`;
    // A date metric's value is its day number (days since 0001-01-01, as .NET's DateOnly.DayNumber); 1970-01-01 is 719162.
    if (en === 'date') return formatDate(new Date((value - 719162) * 86400000).toISOString().slice(0, 10));
    return unit ? `${number.format(value)} ${localized(unit)}` : number.format(value);
  }

  /** A figure: its value (or why there is none), focusable, with its provenance on hover and focus. */
  fig(figure, { unit = null, testid = null, className = '', compact = false } = {}) {
    const shown = this.formatValue(figure?.value, unit)
      ?? (figure?.note ? localized(figure.note) : this.t('Mon.NoData'));
    const prov = this.provenance(figure);
    const node = el('span', {
      class: `fig fresh-${figure?.freshness ?? 'unknown'} ${figure?.value === null || figure?.value === undefined ? 'none' : ''} ${className}`.trim(),
      tabindex: 0,
      'data-prov': prov,
      'aria-label': `${shown}. ${prov}`,
      dataset: testid ? { testid } : undefined,
    }, el('span', { class: 'fig-text' }, shown)); // one flex item: Thai words (spans) are not spread apart by the gap
    if (figure?.synthetic) node.append(this.syntheticMark(compact));
    return node;
  }

  /** The synthetic mark: the word, or (compact, where space is tight, e.g. a province tile) a ✱ that the legend explains. */
  syntheticMark(compact = false) {
    return el('span', { class: `synth-mark ${compact ? 'compact' : ''}`.trim(), dataset: { testid: 'synthetic' }, title: this.t('Mon.SyntheticLong') },
      compact ? ['✱', el('span', { class: 'sr-only' }, this.t('Mon.Synthetic'))] : this.t('Mon.Synthetic'));
  }

  // ---------------------------------------------------------------- all views

  render(snapshot) {
    this.snapshot = snapshot;
    this.renderIndicators();
    this.renderMilestones();
    this.renderProvinces();
    this.renderEServices();
    this.renderDataExchange();
  }

  /** One view was replaced (a live message): re-render its part only. */
  update(kind) {
    if (!this.snapshot) return;
    switch (kind) {
      case 'indicator': this.renderIndicators(); break;
      case 'contract': this.renderMilestones(); break;
      case 'office': this.renderProvinces(); break;
      case 'eservice': this.renderEServices(); break;
      case 'agency': this.renderDataExchange(); break;
      default: break;
    }
  }

  // ---------------------------------------------------------------- indicators

  renderIndicators() {
    const root = document.getElementById('mon-indicators');
    if (!root) return;
    const indicators = this.snapshot.indicators ?? [];
    if (!indicators.length) {
      root.replaceChildren(el('p', { class: 'muted' }, this.t('Mon.NoneYet')));
      return;
    }
    root.replaceChildren(...indicators.map((i) => this.indicatorTile(i)));
  }

  indicatorTile(i) {
    const tile = el('article', { class: 'ind-tile', dataset: { testid: `indicator-${i.code}`, code: i.code } },
      el('h3', { class: 'ind-name' }, el('a', { href: `/indicators/${encodeURIComponent(i.code)}` }, localized(i.name))),
      el('div', { class: 'ind-value' }, this.fig(i.current, { unit: i.unit, testid: `indicator-${i.code}-value` })));
    const against = el('p', { class: 'ind-against' });
    if (i.baseline) against.append(`${this.t('Mon.Baseline')} `, this.fig(i.baseline, { unit: i.unit }), ' ');
    if (i.target !== null && i.target !== undefined) {
      against.append(`${this.t('Mon.Target')} ${this.formatValue(i.target, i.unit)}`, i.targetDate ? ` · ${formatDate(i.targetDate)}` : '');
    } else {
      against.append(el('span', { class: 'muted' }, this.t('Mon.NoTarget')));
    }
    tile.append(against);
    const spark = this.sparkline(i.series ?? []);
    if (spark) tile.append(spark);
    const recs = (i.recommendations ?? []).map((id) => el('a', { href: `/recommendations/${encodeURIComponent(id)}`, class: 'rec-link' }, id.slice(id.indexOf('.') + 1)));
    if (recs.length) tile.append(el('p', { class: 'ind-recs' }, `${this.t('Mon.Measures')} `, ...recs.flatMap((a, n) => (n ? [' ', a] : [a]))));
    return tile;
  }

  /** A small line of the series' values (null values leave a gap); its points carry their periods for the tooltip. */
  sparkline(series) {
    const points = series.filter((f) => f.value !== null && f.value !== undefined);
    if (points.length < 2) return null;
    const values = points.map((f) => f.value);
    const min = Math.min(...values);
    const max = Math.max(...values);
    const w = 120;
    const h = 28;
    const x = (n) => (n / (points.length - 1)) * (w - 4) + 2;
    const y = (v) => (max === min ? h / 2 : h - 3 - ((v - min) / (max - min)) * (h - 6));
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
    svg.setAttribute('class', 'spark');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', points.map((f) => `${this.period(f.period)} ${number.format(f.value)}`).join(', '));
    const line = document.createElementNS(ns, 'polyline');
    line.setAttribute('points', points.map((f, n) => `${x(n).toFixed(1)},${y(f.value).toFixed(1)}`).join(' '));
    svg.append(line);
    const last = document.createElementNS(ns, 'circle');
    last.setAttribute('cx', x(points.length - 1).toFixed(1));
    last.setAttribute('cy', y(values[values.length - 1]).toFixed(1));
    last.setAttribute('r', '2.5');
    svg.append(last);
    return svg;
  }

  // ---------------------------------------------------------------- milestones

  renderMilestones() {
    const root = document.getElementById('mon-milestones');
    if (!root) return;
    const contracts = this.snapshot.contracts ?? [];
    if (!contracts.length) {
      root.replaceChildren(el('p', { class: 'muted' }, this.t('Mon.NoneYet')));
      return;
    }
    root.replaceChildren(...contracts.map((c) => this.contractCard(c)));
  }

  contractCard(c) {
    const card = el('article', { class: 'contract', dataset: { testid: `contract-${c.id}` } },
      el('h3', {}, el('a', { href: `/contracts/${encodeURIComponent(c.id)}` }, localized(c.title))),
      el('p', { class: 'contract-meta' }, `${c.unit}`, c.status ? [' · ', localized(c.status)] : null,
        c.value ? [' · ', `${this.t('Mon.ContractValue')} `, this.fig(c.value, { unit: { th: 'บาท', en: 'baht' } })] : null));
    // Fines against the 10 % line.
    const fines = el('div', { class: 'fines' },
      el('span', { class: 'fines-label' }, `${this.t('Mon.Fines')} `), this.fig(c.finesAccrued, { unit: { th: 'บาท', en: 'baht' }, testid: `contract-${c.id}-fines` }));
    const share = c.finesShareOfValue?.value;
    const gauge = el('div', { class: 'gauge', role: 'img', 'aria-label': share === null || share === undefined ? this.t('Mon.NoData') : format(this.t('Mon.FinesOfValue'), `${number.format(share)}%`) });
    const fill = el('span', { class: `gauge-fill ${share > 10 ? 'over' : ''}` });
    const line = el('span', { class: 'gauge-line', title: '10%' });
    const scale = Math.max(20, (share ?? 0) * 1.25);
    fill.style.width = `${Math.min(100, ((share ?? 0) / scale) * 100)}%`;
    line.style.left = `${(10 / scale) * 100}%`;
    gauge.append(fill, line);
    fines.append(gauge);
    if (share !== null && share !== undefined) fines.append(el('span', { class: 'gauge-text' }, format(this.t('Mon.FinesOfValue'), `${number.format(share)}%`)));
    card.append(fines);
    if (c.terminationReviewFlaggedOn) {
      card.append(el('p', { class: 'flag-bad', dataset: { testid: `contract-${c.id}-termination` } }, `${this.t('Mon.TerminationReview')} (${formatDate(c.terminationReviewFlaggedOn)})`));
    }
    card.append(this.timeline(c));
    const open = (c.blockers ?? []).filter((b) => !b.clearedOn);
    card.append(el('div', { class: 'blockers' },
      el('h4', {}, `${this.t('Mon.Blockers')} (${open.length})`),
      open.length
        ? el('ul', {}, ...open.map((b) => el('li', {}, localized(b.reason), b.since ? el('span', { class: 'muted' }, ` · ${this.t('Mon.Since')} ${formatDate(b.since)}`) : null)))
        : el('p', { class: 'muted' }, this.t('Mon.NoBlockers'))));
    return card;
  }

  /** Each milestone on one time axis: the original date, the current date after extensions, the delivery, and today. */
  timeline(c) {
    const today = c.today;
    const dates = [today];
    for (const m of c.milestones ?? []) dates.push(m.plannedDate, m.currentPlannedDate, m.deliveredOn);
    const known = dates.filter(Boolean).map((d) => Date.parse(d)).sort((a, b) => a - b);
    const from = known[0];
    const to = known[known.length - 1];
    const span = Math.max(1, to - from);
    const at = (d) => `${(((Date.parse(d) - from) / span) * 96 + 2).toFixed(2)}%`;
    const list = el('ol', { class: 'milestones' });
    for (const m of c.milestones ?? []) {
      const track = el('div', { class: 'track', role: 'img', 'aria-label': this.milestoneText(m) });
      const mark = (date, cls, label) => {
        if (!date) return;
        const node = el('span', { class: `mark ${cls}`, title: `${label} ${formatDate(date)}` });
        node.style.left = at(date);
        track.append(node);
      };
      const now = el('span', { class: 'mark today', title: formatDate(today) });
      now.style.left = at(today);
      track.append(now);
      mark(m.plannedDate, 'planned', this.t('Mon.Planned'));
      if (m.currentPlannedDate && m.currentPlannedDate !== m.plannedDate) mark(m.currentPlannedDate, 'current', this.t('Mon.CurrentPlanned'));
      mark(m.deliveredOn, 'actual', this.t('Mon.Actual'));
      const late = m.daysLate?.value;
      list.append(el('li', { class: `milestone ms-${m.state}`, dataset: { testid: `milestone-${c.id}-${m.id}` } },
        el('div', { class: 'ms-head' },
          el('span', { class: 'ms-name' }, localized(m.deliverable)),
          el('span', { class: `badge ms-state ms-${m.state}` }, this.t(`MState.${m.state}`))),
        track,
        el('div', { class: 'ms-figures' },
          late ? el('span', { class: 'late' }, format(this.t('Mon.DaysLate'), number.format(late))) : null,
          m.dates?.value === null && m.dates?.note ? el('span', { class: 'muted' }, localized(m.dates.note)) : null,
          ' ', this.fig(m.fineAccrued, { unit: { th: 'บาท', en: 'baht' } }))));
    }
    return list;
  }

  milestoneText(m) {
    const parts = [localized(m.deliverable), this.t(`MState.${m.state}`)];
    if (m.plannedDate) parts.push(`${this.t('Mon.Planned')} ${formatDate(m.plannedDate)}`);
    if (m.currentPlannedDate && m.currentPlannedDate !== m.plannedDate) parts.push(`${this.t('Mon.CurrentPlanned')} ${formatDate(m.currentPlannedDate)}`);
    if (m.deliveredOn) parts.push(`${this.t('Mon.Actual')} ${formatDate(m.deliveredOn)}`);
    return parts.join(' · ');
  }

  // ---------------------------------------------------------------- provinces

  renderProvinces() {
    const root = document.getElementById('mon-provinces');
    if (!root) return;
    const list = this.snapshot.provinces;
    const items = list?.items ?? [];
    const pick = PROVINCE_FIGURES[this.provinceFigure];
    const values = items.map((p) => pick(p)?.value).filter((v) => v !== null && v !== undefined);
    const max = this.provinceFigure === 'activeUsers' ? Math.max(1, ...values) : 100;
    const bin = (v) => (v === null || v === undefined ? 'none' : `b${Math.min(4, Math.floor((v / max) * 5))}`);
    const byRegion = REGIONS.map((region) => [region, items.filter((p) => p.region === region)])
      .concat([['', items.filter((p) => !REGIONS.includes(p.region))]]).filter(([, ps]) => ps.length);
    const sorted = (ps) => {
      const copy = [...ps];
      if (this.provinceSort === 'value' || this.provinceSort === 'value-asc') {
        const sign = this.provinceSort === 'value' ? -1 : 1;
        copy.sort((a, b) => sign * ((pick(a)?.value ?? -Infinity) - (pick(b)?.value ?? -Infinity)) || a.code.localeCompare(b.code));
      } else copy.sort((a, b) => a.code.localeCompare(b.code));
      return copy;
    };
    const groups = byRegion.map(([region, ps]) => el('section', { class: 'region', dataset: { region } },
      el('h3', {}, region ? this.t(`Region.${region}`) : '—', el('span', { class: 'muted' }, ` (${ps.length})`)),
      el('ul', { class: 'tiles' }, ...sorted(ps).map((p) => {
        const figure = pick(p);
        const unit = PERCENT_FIGURES.has(this.provinceFigure) ? { th: '%', en: '%' } : null;
        return el('li', { class: `tile ${bin(figure?.value)} ${p.visitedByAudit ? 'visited' : ''}`, dataset: { testid: `province-${p.code}`, code: p.code } },
          el('a', { href: `/provinces/${encodeURIComponent(p.code)}`, class: 'tile-name' }, localized(p.name).replace(/^สำนักงานแรงงาน(จังหวัด)?/, '').replace(/( Provincial)? Labour Office$/, '')),
          this.fig(figure, { unit, testid: `province-${p.code}-value`, compact: true }),
          p.visitedByAudit ? el('span', { class: 'visited-mark', title: this.t('Mon.Visited') }, '★', el('span', { class: 'sr-only' }, this.t('Mon.Visited'))) : null);
      }))));
    const never = list?.reportFigures?.['report.offices-never-registered'];
    const legend = el('p', { class: 'legend' },
      ...['b0', 'b1', 'b2', 'b3', 'b4'].map((b, n) => el('span', { class: `key ${b}` },
        PERCENT_FIGURES.has(this.provinceFigure) ? `${n * 20}–${n * 20 + 20}%` : `${money.format((n * max) / 5)}–${money.format(((n + 1) * max) / 5)}`)),
      el('span', { class: 'key none' }, this.t('Mon.NoData')),
      el('span', { class: 'key' }, '★ ', this.t('Mon.Visited')),
      items.some((p) => pick(p)?.synthetic) ? el('span', { class: 'key' }, '✱ ', this.t('Mon.SyntheticLong')) : null);
    root.replaceChildren(legend, ...groups);
    if (never) {
      root.append(el('p', { class: 'report-figure' }, format(this.t('Mon.NeverRegistered'), never.value ?? '–'), ' ', this.fig(never)));
    }
  }

  // ---------------------------------------------------------------- e-services

  renderEServices() {
    const root = document.getElementById('mon-eservices');
    if (!root) return;
    const list = this.snapshot.eServices;
    const items = list?.items ?? [];
    const periods = [...new Set(items.flatMap((s) => (s.uses?.series ?? []).map((f) => f.period)))].sort().slice(-6);
    const report = list?.reportFigures ?? {};
    const said = el('p', { class: 'report-figure' }, `${this.t('Mon.ReportSays')}: `,
      format(this.t('Mon.ZeroUseReport'), report['report.eservices-zero-use']?.value ?? '–'), ' ', this.fig(report['report.eservices-zero-use']), ' · ',
      format(this.t('Mon.LowUseReport'), report['report.eservices-low-use']?.value ?? '–'), ' ', this.fig(report['report.eservices-low-use']));
    if (!items.length) {
      root.replaceChildren(said, el('p', { class: 'muted' }, this.t('Mon.NoneYet')));
      return;
    }
    const table = el('table', { class: 'mon-table eservices', dataset: { testid: 'eservices' } },
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col' }, this.t('Mon.Service')),
        el('th', { scope: 'col' }, this.t('Mon.Audience')),
        ...periods.map((p) => el('th', { scope: 'col', class: 'num' }, this.period(p))),
        el('th', { scope: 'col' }, this.t('Mon.LinkStatus')))),
      el('tbody', {}, ...items.map((s) => el('tr', { class: `flag-${s.flag}`, dataset: { testid: `eservice-${s.service.id}` } },
        el('th', { scope: 'row' }, el('a', { href: `/eservices/${encodeURIComponent(s.service.id)}` }, localized(s.service.name)),
          s.service.synthetic ? [' ', this.syntheticMark()] : null),
        el('td', {}, this.t(`Audience.${s.service.audience}`)),
        ...periods.map((p) => {
          const f = (s.uses?.series ?? []).find((x) => x.period === p);
          return el('td', { class: 'num' }, f ? this.fig(f, { testid: `eservice-${s.service.id}-${p}` }) : '–');
        }),
        el('td', {}, el('span', { class: `badge flag ${s.flag}`, dataset: { testid: `eservice-${s.service.id}-flag` } }, this.t(`Flag.${s.flag}`)))))));
    root.replaceChildren(said, el('div', { class: 'table-wrap' }, table));
  }

  // ---------------------------------------------------------------- data exchange

  renderDataExchange() {
    const root = document.getElementById('mon-exchange');
    if (!root) return;
    const exchange = this.snapshot.dataExchange;
    const report = exchange?.reportFigures ?? {};
    const said = el('p', { class: 'report-figure' }, `${this.t('Mon.ReportSays')}: `,
      format(this.t('Mon.AgenciesReport'), report['report.agencies']?.value ?? '–', report['report.agencies-api-in-progress']?.value ?? '–'), ' ',
      this.fig(report['report.agencies']));
    const agencies = exchange?.agencies ?? [];
    if (!agencies.length) {
      root.replaceChildren(said, el('p', { class: 'muted' }, this.t('Mon.NoAgencies')));
      return;
    }
    const dims = ['accuracy', 'completeness', 'consistency', 'timeliness', 'relevancy', 'availability'];
    const table = el('table', { class: 'mon-table exchange', dataset: { testid: 'exchange' } },
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col' }, this.t('Mon.Agency')),
        el('th', { scope: 'col' }, this.t('Mon.Mode')),
        el('th', { scope: 'col' }, this.t('Mon.Datasets')))),
      el('tbody', {}, ...agencies.map((a) => el('tr', { dataset: { testid: `agency-${a.agency.id}` } },
        el('th', { scope: 'row' }, el('a', { href: `/agencies/${encodeURIComponent(a.agency.id)}` }, localized(a.agency.name)),
          a.agency.synthetic ? [' ', this.syntheticMark()] : null),
        el('td', {}, a.agency.mode ? this.t(`Mode.${a.agency.mode}`) : el('span', { class: 'muted' }, this.t('Mon.NotGiven')),
          el('br'), a.agency.status ? el('span', { class: `badge link ${a.agency.status}` }, this.t(`Link.${a.agency.status}`)) : null),
        el('td', { class: 'datasets' }, ...(a.datasets.length ? a.datasets.map((d) => el('div', { class: `dataset fresh-${d.freshness}`, dataset: { testid: `dataset-${d.dataset.id}`, freshness: d.freshness } },
          el('div', { class: 'ds-head' }, el('span', { class: 'ds-name' }, localized(d.dataset.name)),
            el('span', { class: `badge fresh ${d.freshness}` }, this.t(`Fresh.${d.freshness}`)),
            d.dataset.synthetic ? this.syntheticMark() : null),
          el('div', { class: 'ds-meta muted' }, `${localized(d.frequency)} · ${this.t('Mon.LastUpdate')} `,
            this.fig(d.lastUpdate, { unit: { th: 'วันที่', en: 'date' } })),
          el('ul', { class: 'scores' }, ...dims.map((dim) => {
            const score = (d.dataset.scores ?? []).find((s) => s.dimension === dim);
            const bar = el('span', { class: 'score-bar' });
            bar.style.width = `${score ? score.score : 0}%`;
            return el('li', { title: score ? format(this.t('Mon.ScoredBy'), score.scoredBy, formatDate(score.scoredOn)) : this.t('Mon.NotScored') },
              el('span', { class: 'score-name' }, this.t(`Dim.${dim}`)),
              el('span', { class: 'score-track' }, bar),
              el('span', { class: 'score-value' }, score ? String(score.score) : '–'));
          })))) : [el('span', { class: 'muted' }, this.t('Mon.NoneYet'))]))))));
    root.replaceChildren(said, el('div', { class: 'table-wrap' }, table));
  }
}

/** Province figure and sort controls (selects in the provinces card), re-rendering on change. */
export function wireProvinceControls(views) {
  const figure = document.getElementById('province-figure');
  const sort = document.getElementById('province-sort');
  figure?.addEventListener('change', () => {
    views.provinceFigure = figure.value;
    views.renderProvinces();
  });
  sort?.addEventListener('change', () => {
    views.provinceSort = sort.value;
    views.renderProvinces();
  });
  if (figure) views.provinceFigure = figure.value;
  if (sort) views.provinceSort = sort.value;
}

export { setText };
