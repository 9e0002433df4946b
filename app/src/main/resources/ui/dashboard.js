// The llmrouter dashboard: polls GET /admin/dashboard every two seconds and updates the page in place.
// The master key is asked for once, kept in sessionStorage (this tab only) and sent as a bearer token on each call.
// Every value from the gateway is written with textContent, never as HTML.
(() => {
  'use strict';

  const KEY = 'llmrouter.masterKey';
  const POLL_MS = 2000;
  const DATA_URL = '../admin/dashboard';
  const COLORS = ['#3559c7', '#1e8e3e', '#d32f2f', '#c77700', '#8e24aa', '#00897b', '#6d4c41', '#5c6bc0',
    '#f06292', '#7cb342'];

  const $ = id => document.getElementById(id);
  let timer = null;
  let spendBy = 'model';
  let last = null;
  const charts = {};

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function ms(v) { return v == null ? '–' : v + ' ms'; }
  function pair(p) { return p ? p.p50 + ' / ' + p.p95 + ' ms' : '–'; }
  function usd(v) {
    if (v == null) return '–';
    return '$' + (v === 0 ? '0' : v >= 1 ? v.toFixed(2) : v.toPrecision(3));
  }
  // short enough for a chart's axis
  function axisUsd(v) { return v === 0 ? '$0' : '$' + Number(v.toPrecision(2)); }
  function kinds(m) {
    const names = Object.keys(m || {});
    return names.length ? names.map(k => k + ' ' + m[k]).join(', ') : '';
  }
  function clock(millis) { return new Date(millis).toLocaleTimeString(); }

  // --- polling and login -------------------------------------------------------------------------------------------

  function schedule() {
    clearTimeout(timer);
    if (!document.hidden) timer = setTimeout(poll, POLL_MS);
  }

  async function poll() {
    clearTimeout(timer);
    const key = sessionStorage.getItem(KEY);
    const headers = key ? { Authorization: 'Bearer ' + key } : {};
    let r;
    try {
      r = await fetch(DATA_URL, { headers, cache: 'no-store', credentials: 'omit' });
    } catch (e) {
      stale('the gateway cannot be reached');
      schedule();
      return;
    }
    if (r.status === 401 || r.status === 403) {
      const body = await r.json().catch(() => null);
      const message = body && body.error && body.error.message;
      if (key) sessionStorage.removeItem(KEY);
      showLogin(key || r.status === 403 ? message || ('HTTP ' + r.status) : null);
      return;
    }
    if (!r.ok) {
      stale('HTTP ' + r.status);
      schedule();
      return;
    }
    try {
      const data = await r.json();
      showBoard();
      render(data);
    } catch (e) {
      stale('could not show the data: ' + e);
    }
    schedule();
  }

  function stale(why) {
    const s = $('status');
    s.textContent = why + (last ? ' · showing ' + clock(last.time) : '');
    s.classList.add('stale');
  }

  function showLogin(error) {
    $('board').hidden = true;
    $('logout').hidden = true;
    $('login').hidden = false;
    $('status').textContent = 'not logged in';
    const e = $('login-error');
    e.hidden = !error;
    e.textContent = error || '';
    $('master-key').focus();
  }

  function showBoard() {
    $('login').hidden = true;
    $('board').hidden = false;
    $('logout').hidden = !sessionStorage.getItem(KEY);
  }

  $('login-form').addEventListener('submit', ev => {
    ev.preventDefault();
    const input = $('master-key');
    sessionStorage.setItem(KEY, input.value.trim());
    input.value = '';
    poll();
  });

  $('logout').addEventListener('click', () => {
    sessionStorage.removeItem(KEY);
    clearTimeout(timer);
    showLogin(null);
  });

  document.addEventListener('visibilitychange', () => { if (!document.hidden) poll(); });

  $('spend-by').addEventListener('click', ev => {
    const by = ev.target && ev.target.dataset && ev.target.dataset.by;
    if (!by) return;
    spendBy = by;
    for (const b of $('spend-by').querySelectorAll('button')) b.classList.toggle('on', b.dataset.by === by);
    if (last) spendChart(last.spend);
  });

  // --- rendering ---------------------------------------------------------------------------------------------------

  function render(d) {
    last = d;
    const s = $('status');
    s.classList.remove('stale');
    s.textContent = 'updated ' + clock(d.time) + ' · ' + (d.mode === 'cluster'
      ? 'cluster ' + d.name + ', ' + d.members.length + ' members' : 'standalone');
    $('g-rps').textContent = d.gateway.requestsPerSecond;
    $('g-inflight').textContent = d.gateway.inFlight;
    $('g-window').textContent = d.gateway.errorWindowMinutes;
    $('g-errors').textContent = kinds(d.gateway.errorsByKind) || 'none';
    $('g-members').textContent = d.members.length + (d.members.length === 1 ? ' member' : ' members');
    deployments(d.deployments);
    trafficChart(d.traffic);
    spendChart(d.spend);
    ledger(d.ledger);
    decisions(d.decisions);
    members(d.members);
  }

  const COLUMNS = [
    ['id', 'deployment'], ['health', 'health'], ['breaker', 'breaker'], ['latency', 'latency p50 / p95'],
    ['ttft', 'TTFT p50 / p95'], ['rps', 'req/s'], ['inFlight', 'in flight'], ['answered', 'answered'],
    ['errorRate', 'error rate'], ['errors', 'errors by kind'], ['spend', 'spend']];

  function deployments(rows) {
    const body = $('deployments').tBodies[0];
    const seen = new Set();
    for (const r of rows) {
      seen.add(r.id);
      let tr = body.querySelector('tr[data-deployment="' + CSS.escape(r.id) + '"]');
      if (!tr) {
        tr = el('tr');
        tr.dataset.deployment = r.id;
        for (const [field, label] of COLUMNS) {
          const td = el('td', ['id', 'health', 'breaker', 'errors'].includes(field) ? '' : 'num');
          td.dataset.field = field;
          td.dataset.label = label;
          tr.appendChild(td);
        }
        body.appendChild(tr);
      }
      const cell = f => tr.querySelector('[data-field="' + f + '"]');
      cell('id').textContent = r.id;
      const health = cell('health');
      health.textContent = r.available ? 'up' : r.reason || 'down';
      health.className = r.available ? 'health-up' : 'health-down';
      let pill = cell('breaker').firstElementChild;
      if (!pill) pill = cell('breaker').appendChild(el('span'));
      pill.className = 'pill breaker-' + r.breaker.toLowerCase();
      pill.textContent = r.breaker;
      cell('latency').textContent = pair(r.latencyMs);
      cell('ttft').textContent = pair(r.ttftMs);
      cell('rps').textContent = r.requestsPerSecond;
      cell('inFlight').textContent = r.inFlight;
      cell('answered').textContent = r.answered;
      cell('errorRate').textContent = (r.errorRate * 100).toFixed(1) + ' %';
      const errors = cell('errors');
      errors.textContent = kinds(r.errorsByKind) || '–';
      errors.className = 'kinds';
      cell('spend').textContent = usd(r.spendUsd);
    }
    for (const tr of Array.from(body.rows)) {
      if (!seen.has(tr.dataset.deployment)) tr.remove();
    }
  }

  // a chart is made again only when its series change; otherwise its data is replaced in place
  function chart(name, container, labels, data, options) {
    const box = $(container);
    const signature = labels.join('\u0000');
    let c = charts[name];
    if (c && c.signature !== signature) {
      c.plot.destroy();
      c = null;
    }
    if (!c) {
      const series = [{}].concat(labels.map((label, i) => Object.assign({
        label, stroke: COLORS[i % COLORS.length], width: 2, points: { show: false },
      }, options.series || {})));
      const plot = new uPlot({
        width: Math.max(box.clientWidth, 200), height: 200, series, legend: { live: false },
        scales: { x: { time: true } }, axes: [{}, { size: 64, values: options.values }],
        cursor: { drag: { x: false, y: false } },
      }, data, box);
      c = charts[name] = { plot, signature };
    } else {
      c.plot.setData(data);
    }
  }

  const resize = new ResizeObserver(() => {
    for (const name of Object.keys(charts)) {
      const c = charts[name];
      const box = c.plot.root.parentElement;
      c.plot.setSize({ width: Math.max(box.clientWidth, 200), height: 200 });
    }
  });
  for (const id of ['traffic-chart', 'spend-chart', 'ledger-chart']) resize.observe($(id));

  function trafficChart(t) {
    const ids = Object.keys(t.answered);
    chart('traffic', 'traffic-chart', ids, [t.seconds].concat(ids.map(id => Array.from(t.answered[id]))), {});
  }

  function spendChart(s) {
    const series = s[spendBy];
    const labels = Object.keys(series);
    chart('spend-' + spendBy, 'spend-chart', labels, [s.minutes].concat(labels.map(l => series[l])),
      { values: (u, vals) => vals.map(axisUsd) });
    for (const other of ['model', 'key', 'team']) {
      if (other !== spendBy && charts['spend-' + other]) {
        charts['spend-' + other].plot.destroy();
        delete charts['spend-' + other];
      }
    }
  }

  function ledger(l) {
    const error = $('ledger-error');
    error.hidden = !l.error;
    error.textContent = l.error || '';
    if (l.error) return;
    const days = l.days.map(d => Date.parse(d.day + 'T00:00:00Z') / 1000);
    chart('ledger', 'ledger-chart', ['USD per day'], [days, l.days.map(d => d.usd)], {
      values: (u, vals) => vals.map(axisUsd),
      series: { paths: uPlot.paths.bars({ size: [0.6, 40] }), fill: 'rgba(53, 89, 199, 0.35)', width: 1 },
    });
    for (const by of ['model', 'key', 'team']) {
      const list = $('top-' + by);
      list.replaceChildren(...l[by].map(row => el('li', '', (row.label ? row.label + ' (' + row.name + ')' : row.name)
        + ' — ' + usd(row.usd) + ', ' + row.requests + ' req')));
      if (!l[by].length) list.replaceChildren(el('li', '', 'no spend in ' + l.topDays + ' days'));
    }
  }

  function decisions(list) {
    const ul = $('decisions');
    const signature = list.map(d => d.at + d.requestId).join('|');
    if (ul.dataset.signature === signature) return;
    ul.dataset.signature = signature;
    const open = new Set(Array.from(ul.querySelectorAll('details[open]')).map(e => e.dataset.id));
    ul.replaceChildren(...list.map(d => decision(d, open)));
    if (!list.length) ul.appendChild(el('li', '', 'no request yet'));
  }

  function decision(d, open) {
    const li = el('li');
    const details = el('details');
    details.dataset.id = d.at + d.requestId;
    details.open = open.has(details.dataset.id);
    const summary = el('summary');
    summary.append(el('span', 'time', clock(d.at)),
      el('span', d.status >= 400 ? 'failed' : '', d.status + (d.error ? ' ' + d.error : '')),
      el('span', '', (d.requestedModel || 'auto') + ' → ' + (d.model || '–')),
      el('span', '', d.strategy || ''),
      el('span', '', d.attempts + (d.attempts === 1 ? ' attempt' : ' attempts')),
      el('span', '', ms(d.durationMs)),
      el('span', '', d.costUsd == null ? '' : usd(d.costUsd)),
      el('span', 'rid', d.requestId));
    details.appendChild(summary);
    const detail = el('div', 'detail');
    if (d.ranking && d.ranking.length) {
      const table = el('table');
      const head = el('tr');
      head.append(el('th', '', '#'), el('th', '', 'model'), el('th', '', 'provider'), el('th', '', 'score'),
        el('th', '', 'why'));
      table.appendChild(head);
      for (const c of d.ranking) {
        const tr = el('tr');
        const why = Object.keys(c.components || {}).map(k => k + ' ' + round(c.components[k])).join(', ');
        tr.append(el('td', '', c.rank), el('td', '', c.model), el('td', '', c.provider), el('td', '', round(c.score)),
          el('td', '', why));
        table.appendChild(tr);
      }
      detail.appendChild(table);
    }
    for (const x of d.excluded || []) {
      detail.appendChild(el('div', 'excluded', 'excluded ' + x.model + ': ' + x.reason));
    }
    if (d.failedAttempts) detail.appendChild(el('div', 'failed', 'failed attempts: ' + d.failedAttempts));
    if (d.panic) detail.appendChild(el('div', 'failed', 'panic routing: every candidate was open'));
    const who = [d.key && 'key ' + d.key, d.team && 'team ' + d.team, d.path, d.stream && 'stream',
      d.ttftMs != null && 'TTFT ' + ms(d.ttftMs)].filter(Boolean).join(' · ');
    detail.appendChild(el('div', '', who));
    details.appendChild(detail);
    li.appendChild(details);
    return li;
  }

  function round(v) {
    return typeof v === 'number' ? (Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(3))) : String(v);
  }

  function members(list) {
    $('members').replaceChildren(...list.map(m => el('li', '', m.address + (m.local ? ' (this node)' : ''))));
  }

  poll();
})();
