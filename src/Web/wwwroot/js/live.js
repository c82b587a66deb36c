// The live board client, shared by the board and the workspaces: the browser twin of src/Board.Client/BoardClient.cs.
//
// It loads a versioned snapshot over REST (GET /api/v1/board and GET /api/v1/recommendations), then applies the
// SignalR deltas from /hubs/board:
//   recommendationChanged  an ARRAY of changes; per recommendation only version === known + 1 is applied, anything
//                          ≤ known is a duplicate, and a gap means a message was missed: reload the snapshot;
//   boardChanged           the board totals with their version; newer versions replace older ones;
//   activity               an array of activity-feed entries;
//   contractChanged, officeChanged, eserviceChanged, agencyChanged, indicatorChanged
//                          one monitoring view, whole (with trackMonitoring): a newer version replaces the one held
//                          (contracts by their own version, the rest by the monitoring board's version);
//   metricsChanged         an array of changed figures {subject, metric, figure, version}.
// Deltas that arrive while a snapshot is loading are buffered and applied after it. The first snapshot is read while the
// connection starts (a board, with trackBoard): once joined, the hub's Versions() tell whether a change may have been
// published between the read and the join; if so the snapshot is read again before anything is shown. Every reconnect
// reloads the snapshot. Pages listen to events on the LiveBoard (an EventTarget):
//   "snapshot"        {reason}            the items and board were (re)loaded
//   "recommendation"  {item, change}      one recommendation changed (already applied to .items)
//   "board"           {board}             the board changed
//   "activity"        {entries}           new activity entries (newest last as sent)
//   "monitoring"      {kind, id, item}    a monitoring view was replaced in .monitoring (kind: contract, office, eservice, agency, indicator)
//   "metrics"         {figures}           changed figures (for pages that show series)
//   "changes"         {changes}           every raw recommendationChanged array, before filtering
//   "state"           {state}             connecting | connected | reconnecting | disconnected | unauthorized
/* global signalR */

const RETRY_MS = [0, 500, 1000, 2000];
/** A reload the host asks for (a lost batch) starts at a random moment within this many milliseconds. */
const SERVER_RESYNC_SPREAD_MS = 1000;

/** Reconnect quickly at first, then every 2 s, forever: a board on a wall must come back by itself. */
export const foreverRetry = {
  nextRetryDelayInMilliseconds: (context) => RETRY_MS[Math.min(context.previousRetryCount, RETRY_MS.length - 1)],
};

export class HttpError extends Error {
  constructor(status, url) {
    super(`${url} answered ${status}`);
    this.status = status;
  }
}

export async function getJson(url) {
  const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!response.ok) {
    throw new HttpError(response.status, url);
  }
  return response.json();
}

/** A cookie-authenticated API write: the page's antiforgery token goes in the RequestVerificationToken header. */
export async function postJson(url, body) {
  const token = document.querySelector('meta[name="csrf-token"]')?.content ?? '';
  const response = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json', RequestVerificationToken: token },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    throw new HttpError(response.status, url);
  }
  return response.status === 204 ? null : response.json().catch(() => null);
}

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class LiveBoard extends EventTarget {
  /**
   * @param {object} options
   * @param {string|null} [options.reportId] narrow to one report
   * @param {string|null} [options.unit] narrow to one unit (a unit officer's own)
   * @param {string|null} [options.dataset] 'synthetic': every synthetic report instead of the real ones (never both)
   * @param {boolean} [options.trackRecommendations] load and track the register rows
   * @param {boolean} [options.trackBoard] load and track the board totals
   * @param {number} [options.maxItems] at most this many rows are loaded (the rest are not tracked)
   */
  constructor({ reportId = null, unit = null, dataset = null, trackRecommendations = true, trackBoard = true, trackMonitoring = false, maxItems = 2000, hubUrl = '/hubs/board' } = {}) {
    super();
    this.reportId = reportId || null;
    this.unit = unit || null;
    this.dataset = dataset || null;
    this.trackRecommendations = trackRecommendations;
    this.trackBoard = trackBoard;
    this.trackMonitoring = trackMonitoring;
    /** The monitoring snapshot (GET /api/v1/monitoring) with live replacements applied; see MONITORING_KINDS. */
    this.monitoring = null;
    this._monitoringVersions = new Map();
    this._bufferedMonitoring = [];
    this.maxItems = maxItems;
    this.hubUrl = hubUrl;
    /** @type {Map<string, object>} */
    this.items = new Map();
    this.board = null;
    this.today = null;
    this.complete = true;
    this.state = 'connecting';
    this.stats = { resyncs: 0, reconnects: 0, applied: 0, gaps: 0 };
    this._loading = false;
    this._again = null;
    this._buffer = [];
    this._bufferedBoard = null;
    this._boardTimer = 0;
    this._stopped = false;
    this.connection = null;
  }

  get filtered() {
    return this.reportId !== null || this.unit !== null || this.dataset !== null;
  }

  /**
   * Connects (retrying for ever) and loads the snapshot. Handlers are registered before the connection starts. With the
   * board tracked, both run at once: the board's version says whether the snapshot is as new as the join.
   */
  async start() {
    const connection = new signalR.HubConnectionBuilder()
      .withUrl(this.hubUrl)
      .withAutomaticReconnect(foreverRetry)
      .withStatefulReconnect({ bufferSize: 256 * 1024 })
      .configureLogging(signalR.LogLevel.Warning)
      .build();
    connection.on('recommendationChanged', (changes) => this._onChanges(changes));
    connection.on('boardChanged', (board) => this._onBoard(board));
    connection.on('activity', (entries) => this._emit('activity', { entries: Array.isArray(entries) ? entries : [entries] }));
    for (const [kind, spec] of Object.entries(MONITORING_KINDS)) {
      connection.on(spec.message, (message) => this._onMonitoring(kind, message));
    }
    connection.on('metricsChanged', (figures) => this._emit('metrics', { figures: Array.isArray(figures) ? figures : [figures] }));
    connection.on('resync', () => this._onServerResync());
    connection.onreconnecting(() => this._setState('reconnecting'));
    connection.onreconnected(() => {
      this.stats.reconnects++;
      this._setState('connected');
      this.resync('reconnected');
    });
    connection.onclose(() => {
      if (!this._stopped) {
        this._setState('disconnected');
        this._connectLoop(2000).then(() => this.resync('restarted'));
      }
    });
    this.connection = connection;
    window.addEventListener('pagehide', () => this.stop());
    // A page restored from the back/forward cache has a stopped connection and old data: load it afresh.
    window.addEventListener('pageshow', (event) => {
      if (event.persisted) window.location.reload();
    });
    if (!this.trackBoard) {
      await this._connectLoop(0);
      await this.resync('start');
      return;
    }
    await this.resync('start', this._connectLoop(0).then(() => this._versions()));
  }

  /**
   * The host lost a batch of changes from a silo, which may have held the last change of something shown here (no
   * version check can see that): reload, at a random moment within a second so a wall of boards does not read at once.
   */
  _onServerResync() {
    setTimeout(() => this.resync('server'), Math.random() * SERVER_RESYNC_SPREAD_MS);
  }

  /** The boards' versions once the connection is in its groups; null when unknown (the snapshot is then read again). */
  async _versions() {
    try {
      return await this.connection.invoke('Versions');
    } catch {
      return null;
    }
  }

  /** Whether a snapshot read before the join is older than the join (a change in between may have been missed). */
  _olderThan(versions, board, monitoring) {
    if (!versions) return true;
    return (board?.version ?? 0) < versions.board || (this.trackMonitoring && (monitoring?.version ?? 0) < versions.monitoring);
  }

  stop() {
    this._stopped = true;
    this.connection?.stop();
  }

  async _connectLoop(firstDelay) {
    let attempt = 0;
    await delay(firstDelay);
    while (!this._stopped) {
      try {
        this._setState(attempt === 0 ? 'connecting' : 'reconnecting');
        await this.connection.start();
        this._setState('connected');
        return;
      } catch (error) {
        attempt++;
        const unauthorized = /401|403/.test(String(error?.message ?? error));
        if (unauthorized) {
          this._setState('unauthorized');
        }
        await delay(unauthorized ? 15000 : RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)] || 2000);
      }
    }
  }

  /**
   * Reloads the snapshot, then re-applies the deltas that arrived meanwhile. A call during a load queues one more.
   * With <joined> (a promise of the hub's versions once connected), the snapshot is read while the connection starts and
   * read once more, after the join, when it is older than the join; the deltas are buffered throughout.
   */
  async resync(reason, joined = null) {
    if (this._loading) {
      this._again = reason;
      return;
    }
    this._loading = true;
    this._buffer = [];
    this._bufferedBoard = null;
    this._bufferedMonitoring = [];
    try {
      let [[board, list, monitoring], versions] = await Promise.all([this._loadWithRetry(), joined]);
      if (joined && this._olderThan(versions, board, monitoring)) {
        this.stats.resyncs++;
        [board, list, monitoring] = await this._loadWithRetry();
      }
      if (monitoring) {
        this._takeMonitoring(monitoring);
      }
      if (this.trackRecommendations) {
        this.items = list.items;
        this.complete = list.complete;
        this.today = list.today ?? this.today;
      }
      if (board && (!this.board || this.filtered || board.version >= this.board.version)) {
        this.board = board;
        this.today = board.today ?? this.today;
      }
    } finally {
      this._loading = false;
    }
    if (reason !== 'start') {
      this.stats.resyncs++;
    }
    const buffered = this._buffer;
    const bufferedBoard = this._bufferedBoard;
    this._buffer = [];
    this._bufferedBoard = null;
    this._emit('snapshot', { reason });
    let gap = false;
    for (const changes of buffered) {
      gap = !this._apply(changes) || gap;
    }
    if (bufferedBoard) {
      this._onBoard(bufferedBoard);
    }
    const bufferedMonitoring = this._bufferedMonitoring;
    this._bufferedMonitoring = [];
    for (const [kind, message] of bufferedMonitoring) {
      this._onMonitoring(kind, message);
    }
    const again = this._again ?? (gap ? 'gap' : null);
    this._again = null;
    if (again) {
      setTimeout(() => this.resync(again), 100);
    }
  }

  async _loadWithRetry() {
    for (let attempt = 0; ; attempt++) {
      try {
        // The rows are read after the board: then every change the board's version counts is in them too, which is
        // what comparing that version with the hub's after the join relies on.
        const board = this.trackBoard ? this._loadBoard() : Promise.resolve(null);
        return await Promise.all([
          board,
          this.trackRecommendations ? board.then(() => this._loadItems()) : Promise.resolve(null),
          this.trackMonitoring ? getJson('/api/v1/monitoring') : Promise.resolve(null),
        ]);
      } catch (error) {
        if (error instanceof HttpError && (error.status === 401 || error.status === 403)) {
          this._setState('unauthorized');
        }
        await delay(Math.min(5000, 500 * 2 ** attempt));
      }
    }
  }

  _query(extra = {}) {
    const params = new URLSearchParams();
    if (this.reportId) params.set('reportId', this.reportId);
    if (this.unit) params.set('unit', this.unit);
    if (this.dataset) params.set('dataset', this.dataset);
    for (const [key, value] of Object.entries(extra)) params.set(key, String(value));
    const text = params.toString();
    return text ? `?${text}` : '';
  }

  _loadBoard() {
    return getJson(`/api/v1/board${this._query()}`);
  }

  async _loadItems() {
    const items = new Map();
    let total = 0;
    let today = null;
    for (let offset = 0; offset < this.maxItems; offset += 500) {
      const limit = Math.min(500, this.maxItems - offset);
      const page = await getJson(`/api/v1/recommendations${this._query({ limit, offset })}`);
      today = page.today;
      total = page.total;
      for (const item of page.items) {
        items.set(item.id, item);
      }
      if (page.items.length === 0 || offset + page.items.length >= page.total) {
        break;
      }
    }
    return { items, today, complete: items.size >= total };
  }

  /** A change belongs here: the chosen report (or, with none chosen, a report of the data set: real unless synthetic is chosen) and unit. */
  _inScope(change) {
    const report = this.reportId ? change.reportId === this.reportId : isSyntheticReport(change.reportId) === (this.dataset === 'synthetic');
    return report && (!this.unit || (change.units ?? []).includes(this.unit));
  }

  _onChanges(changes) {
    if (!Array.isArray(changes)) {
      changes = [changes];
    }
    this._emit('changes', { changes });
    if (!this.trackRecommendations) {
      // Rows are not tracked here (a totals-only board, a single recommendation, a queue): nothing to apply.
      if (this.trackBoard && this.filtered && changes.some((c) => this._inScope(c))) this._refetchBoardSoon();
      return;
    }
    if (this._loading) {
      this._buffer.push(changes);
      return;
    }
    if (!this._apply(changes)) {
      this.stats.gaps++;
      this.resync('gap');
    }
    if (this.trackBoard && this.filtered && changes.some((c) => this._inScope(c))) {
      this._refetchBoardSoon();
    }
  }

  /** Applies changes in order; false when one skipped a version (the state is stale until the resync). */
  _apply(changes) {
    let ok = true;
    for (const change of changes) {
      if (!this._inScope(change)) continue;
      const known = this.items.get(change.id);
      const knownVersion = known ? known.version : 0;
      if (change.version <= knownVersion) continue; // a duplicate, or already in the snapshot
      if (change.version !== knownVersion + 1) {
        // A gap. Rows past maxItems are not tracked, so an unknown one is only a gap when the snapshot was complete.
        if (known || this.complete) ok = false;
        continue;
      }
      const item = {
        ...(known ?? {}),
        id: change.id,
        code: change.code,
        reportId: change.reportId,
        findingCode: change.findingCode ?? known?.findingCode ?? null,
        parentId: known?.parentId ?? null,
        title: change.title ?? known?.title,
        units: change.units ?? known?.units ?? [],
        status: change.status,
        progress: change.progress,
        overdue: change.overdue,
        dueDate: change.dueDate ?? known?.dueDate,
        version: change.version,
        updatedAt: change.changedAt,
        changedBy: change.changedBy,
        eventType: change.eventType,
        pendingExtensionId: change.pendingExtensionId ?? null,
      };
      this.items.set(change.id, item);
      this.stats.applied++;
      this._emit('recommendation', { item, change });
    }
    this._publishStats();
    return ok;
  }

  _onBoard(board) {
    if (!this.trackBoard || !board) return;
    if (this._loading) {
      if (!this._bufferedBoard || board.version > this._bufferedBoard.version) this._bufferedBoard = board;
      return;
    }
    const mine = (board.unit ?? null) === this.unit && (board.reportId ?? null) === this.reportId
      && !!board.synthetic === (this.dataset === 'synthetic' || isSyntheticReport(this.reportId));
    if (!mine) {
      // Another view's board (a narrowed board receives the unit's own; a report's board asks for its own).
      if (this.filtered) this._refetchBoardSoon();
      return;
    }
    if (!this.board || board.version > this.board.version) {
      this.board = this._withNames(board);
      this.today = board.today ?? this.today;
      this._emit('board', { board: this.board });
    }
  }

  /** Live boardChanged messages leave out names and titles the client already has: fill them in. */
  _withNames(board) {
    const previous = this.board;
    const names = new Map();
    for (const g of [...(previous?.byUnit ?? []), ...(previous?.byFinding ?? [])]) {
      if (g.name) names.set(g.key, g.name);
    }
    const fill = (groups) => groups?.map((g) => (g.name ? g : { ...g, name: names.get(g.key) ?? null }));
    const title = (d) => d.title ?? this.items.get(d.id)?.title ?? previous?.dueSoon?.items?.find((p) => p.id === d.id)?.title ?? null;
    return {
      ...board,
      byUnit: fill(board.byUnit),
      byFinding: fill(board.byFinding),
      dueSoon: board.dueSoon ? { ...board.dueSoon, items: board.dueSoon.items?.map((d) => ({ ...d, title: title(d) })) } : board.dueSoon,
    };
  }

  /** Holds a monitoring snapshot and the version of each of its views. */
  _takeMonitoring(snapshot) {
    this.monitoring = snapshot;
    this._monitoringVersions = new Map();
    for (const [kind, spec] of Object.entries(MONITORING_KINDS)) {
      for (const item of spec.list(snapshot)) {
        this._monitoringVersions.set(`${kind}:${spec.id(item)}`, spec.ownVersion ? item.version : snapshot.version);
      }
    }
  }

  /** A newer view replaces the one held (or is added); an older or equal one is a duplicate. */
  _onMonitoring(kind, message) {
    if (!this.trackMonitoring || !message) return;
    if (this._loading || !this.monitoring) {
      this._bufferedMonitoring.push([kind, message]);
      return;
    }
    const spec = MONITORING_KINDS[kind];
    const item = spec.item(message);
    const id = spec.id(item);
    const version = spec.version(message);
    const key = `${kind}:${id}`;
    if (version <= (this._monitoringVersions.get(key) ?? -1)) return;
    this._monitoringVersions.set(key, version);
    const list = spec.list(this.monitoring);
    const at = list.findIndex((x) => spec.id(x) === id);
    if (at >= 0) list[at] = item;
    else list.push(item);
    this.stats.applied++;
    this._publishStats();
    this._emit('monitoring', { kind, id, item, version });
  }

  _refetchBoardSoon() {
    clearTimeout(this._boardTimer);
    this._boardTimer = setTimeout(async () => {
      try {
        const board = await this._loadBoard();
        if (!this.board || board.version >= this.board.version) {
          this.board = board;
          this._emit('board', { board });
        }
      } catch {
        // the next change or reconnect tries again
      }
    }, 150);
  }

  _setState(state) {
    if (this.state === state) return;
    this.state = state;
    document.documentElement.dataset.live = state;
    this._emit('state', { state });
  }

  _publishStats() {
    const data = document.documentElement.dataset;
    data.liveApplied = String(this.stats.applied);
    data.liveResyncs = String(this.stats.resyncs);
    data.liveReconnects = String(this.stats.reconnects);
  }

  _emit(type, detail) {
    if (type === 'snapshot') this._publishStats();
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

/**
 * The monitoring views a LiveBoard tracks: the hub message, where the views sit in the snapshot, their id, the view in
 * a message and its version (contracts carry their own version; the rest the monitoring board's).
 */
export const MONITORING_KINDS = {
  contract: {
    message: 'contractChanged', list: (s) => s.contracts, id: (v) => v.id, item: (m) => m, version: (m) => m.version, ownVersion: true,
  },
  office: {
    message: 'officeChanged', list: (s) => s.provinces.items, id: (v) => v.code, item: (m) => m.province, version: (m) => m.version,
  },
  eservice: {
    message: 'eserviceChanged', list: (s) => s.eServices.items, id: (v) => v.service.id, item: (m) => m.service, version: (m) => m.version,
  },
  agency: {
    message: 'agencyChanged', list: (s) => s.dataExchange.agencies, id: (v) => v.agency.id, item: (m) => m.agency, version: (m) => m.version,
  },
  indicator: {
    message: 'indicatorChanged', list: (s) => s.indicators, id: (v) => v.code, item: (m) => m, version: (m) => m.boardVersion,
  },
};

/**
 * Synthetic data: generated load-test reports and demo copies such as the demo SAO report. The prefixes come from the
 * server's one rule (SyntheticReports.IdPrefixes), which the layout writes into a meta tag.
 */
const syntheticPrefixes = (globalThis.document?.querySelector('meta[name="oversight-synthetic-prefixes"]')?.content ?? '')
  .split(' ').filter((p) => p.length > 0);

export function isSyntheticReport(reportId) {
  return typeof reportId === 'string' && syntheticPrefixes.some((p) => reportId.startsWith(p));
}
