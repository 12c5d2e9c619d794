/**
 * The browser script of the collector's trace page, as text: it runs in the page, not here, so it
 * is plain ES2020 that reads only `BASE` (the collector's path) and the two read endpoints
 * (`/api/summary`, `/api/sql`). Every value from the trace is escaped before it meets innerHTML.
 */
export const PANEL_SCRIPT: string = String.raw`
const $ = sel => document.querySelector(sel)
const esc = v => String(v).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c])
const sqlString = s => "'" + String(s).replace(/'/g, "''") + "'"

async function sql(text) {
  const res = await fetch(BASE + '/api/sql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql: text }) })
  const body = await res.json()
  if (body.error) throw new Error(body.error)
  // Rows come as arrays in the order of columns; the views read them by name.
  const names = body.columns.map(c => typeof c === 'string' ? c : c.name)
  const rows = body.rows.map(r => Array.isArray(r) ? Object.fromEntries(names.map((n, i) => [n, r[i]])) : r)
  return { rows, columns: names, truncated: body.truncated }
}

// Durations and timestamps are nanoseconds; BIGINTs may arrive as strings.
function ms(ns) {
  if (ns === null || ns === undefined || ns === '') return '—'
  const n = Number(ns)
  if (!Number.isFinite(n)) return '—'
  if (n >= 1e9) return (n / 1e9).toFixed(2) + ' s'
  if (n >= 1e6) return (n / 1e6).toFixed(n >= 1e8 ? 0 : 1) + ' ms'
  if (n >= 1e3) return (n / 1e3).toFixed(0) + ' µs'
  return n + ' ns'
}
// A measured duration shorter than its thread's clock step (a page that is not cross-origin
// isolated reads time in 100 µs steps) reads 0: it is "under one step", not nothing.
function took(ns, clockNs) {
  const step = Number(clockNs ?? 0)
  return step > 1000 && Number(ns) < step ? '< ' + ms(step) : ms(ns)
}
const at = ns => ns === null || ns === undefined ? '—' : '+' + (Number(ns) / 1e9).toFixed(3) + ' s'
const count = n => Number(n ?? 0).toLocaleString('en-US')
const where = (file, line) => file ? esc(file) + (line ? ':' + esc(line) : '') : '<span class="dim">(no source)</span>'
const fnCell = r => '<span class="fn">' + esc(r.name ?? '(unnamed)') + '</span> <span class="loc">' + where(r.file, r.line) + '</span>'
const preview = p => {
  if (p === null || p === undefined) return '—'
  const text = typeof p === 'string' ? p : JSON.stringify(p)
  return '<code title="' + esc(text) + '">' + esc(text.length > 160 ? text.slice(0, 157) + '…' : text) + '</code>'
}
const link = (hash, html) => '<a href="#' + esc(hash) + '">' + html + '</a>'

function table(head, rows) {
  if (rows.length === 0) return '<p class="empty">Nothing recorded yet.</p>'
  return '<table><thead><tr>' + head.map(h => '<th>' + h + '</th>').join('') + '</tr></thead><tbody>' +
    rows.map(r => '<tr>' + r.map(c => '<td>' + c + '</td>').join('') + '</tr>').join('') + '</tbody></table>'
}

let lastSummary
async function refreshSummary() {
  const res = await fetch(BASE + '/api/summary')
  const s = await res.json()
  if (s.error) { $('#summary').textContent = s.error; return false }
  const parts = [
    count(s.calls) + ' calls', count(s.sessions) + ' session' + (s.sessions === 1 ? '' : 's'), count(s.threads) + ' thread' + (s.threads === 1 ? '' : 's'),
    count(s.errors) + ' error' + (s.errors === 1 ? '' : 's'), count(s.stateChanges) + ' state change' + (s.stateChanges === 1 ? '' : 's'),
    count(s.dropped) + ' dropped',
  ]
  $('#summary').innerHTML = parts.map(p => '<span>' + esc(p) + '</span>').join('') + '<span class="file" title="' + esc(s.file) + '">' + esc(s.file.length > 48 ? '…' + s.file.slice(-47) : s.file) + '</span>'
  const changed = !lastSummary || lastSummary.calls !== s.calls || lastSummary.stateChanges !== s.stateChanges
  lastSummary = s
  return changed
}

const views = {
  async functions() {
    const { rows } = await sql('select site_id, name, file, line, calls, throws, total_dur, self_dur, p95_dur, counted_calls from calls_slowest order by total_dur desc nulls last limit 200')
    return '<h2>Slowest functions <small>by total time; self time leaves out what they called</small></h2>' + table(
      ['function', 'calls', 'total', 'self', 'p95', 'threw'],
      rows.map(r => [link('fn/' + r.site_id, fnCell(r)), count(r.calls) + (Number(r.counted_calls) > 0 ? ' <span class="dim">+' + count(r.counted_calls) + ' counted</span>' : ''), ms(r.total_dur), ms(r.self_dur), ms(r.p95_dur), Number(r.throws) > 0 ? count(r.throws) : '']),
    )
  },
  async fn(id) {
    const siteId = Number(id)
    const [{ rows: site }, { rows }] = await Promise.all([
      sql('select name, file, line from sites where site_id = ' + siteId),
      sql('select c.call_id, c.ts, c.dur, c.self_dur, c.status, k.clock_resolution_ns as clock_ns from calls c left join thread_clocks k using (utid) where c.site_id = ' + siteId + ' order by c.dur desc nulls last limit 100'),
    ])
    if (site.length === 0) return '<p class="empty">No function with id ' + esc(id) + ' in this trace.</p>'
    return '<h2>' + fnCell(site[0]) + ' <small>its 100 slowest calls</small></h2>' + table(
      ['call', 'started', 'took', 'self', 'ended by'],
      rows.map(r => [link('call/' + r.call_id, '#' + esc(r.call_id)), at(r.ts), took(r.dur, r.clock_ns), took(r.self_dur, r.clock_ns), esc(r.status)]),
    )
  },
  async call(id) {
    const callId = Number(id)
    const [{ rows: self }, { rows: why }, { rows: values }, { rows: origin }] = await Promise.all([
      sql('select c.call_id, c.ts, c.dur, c.self_dur, c.status, c.timing, c.parent_id, s.name, s.file, s.line, k.clock_resolution_ns as clock_ns from calls c join sites s using (site_id) left join thread_clocks k using (utid) where c.call_id = ' + callId),
      sql('select w.step, w.via, w.origin, w.call_id, w.name, w.file, w.line, w.ts from why(' + callId + ') w order by w.step'),
      sql('select role, preview, error_name, error_message from values where call_id = ' + callId + ' order by ts'),
      sql("select kind, event_type || coalesce(' on ' || event_target, '') as origin from call_origins where call_id = " + callId),
    ])
    if (self.length === 0) return '<p class="empty">No call #' + esc(id) + ' in this trace.</p>'
    const c = self[0]
    const chain = why.filter(r => r.step > 0).map(r => r.call_id === null
      ? '<li><span class="via">' + esc(r.via) + '</span> from outside the app (' + esc(r.origin ?? (r.via === 'event' ? 'a DOM event' : r.via)) + ')</li>'
      : '<li><span class="via">' + esc(r.via === 'caller' ? 'called by' : 'via ' + r.via + ' from') + '</span> ' + link('call/' + r.call_id, fnCell(r)) + ' <span class="dim">' + at(r.ts) + '</span></li>')
    if (origin.length > 0 && why.length <= 1) chain.push('<li><span class="via">' + esc(origin[0].kind) + '</span> from outside the app' + (origin[0].origin ? ' (' + esc(origin[0].origin) + ')' : '') + '</li>')
    return '<h2>' + fnCell(c) + ' <small>call #' + esc(c.call_id) + '</small></h2>' +
      '<p class="facts">started ' + at(c.ts) + ' · took ' + took(c.dur, c.clock_ns) + ' · self ' + took(c.self_dur, c.clock_ns) + ' · ' + esc(c.status) + (c.timing === 'measured' ? '' : ' · time ' + esc(c.timing)) + '</p>' +
      (values.length ? table(['', 'value'], values.map(v => [esc(v.role), v.error_name ? esc(v.error_name + ': ' + (v.error_message ?? '')) : preview(v.preview)])) : '') +
      '<h3>Why it ran</h3>' + (chain.length ? '<ol class="why">' + chain.join('') + '</ol>' : '<p class="empty">Nothing recorded called or scheduled it: it was started by code that is not instrumented (a framework, a library).</p>') +
      '<h3>What it called <small>grouped by function; click a row to open its calls</small></h3><div id="tree" data-path="">' + await treeLevel(callId, []) + '</div>'
  },
  async errors() {
    const { rows } = await sql('select call_id, name, file, line, ts, error_name, error_message, frames from errors where is_origin order by ts desc limit 200')
    return '<h2>Errors thrown <small>newest first</small></h2>' + table(
      ['error', 'thrown in', 'at', 'passed through'],
      rows.map(r => [esc((r.error_name ?? 'thrown value') + (r.error_message ? ': ' + r.error_message : '')), link('call/' + r.call_id, fnCell(r)), at(r.ts), Number(r.frames) > 0 ? count(r.frames) + ' more frame' + (Number(r.frames) === 1 ? '' : 's') : 'caught where thrown']),
    )
  },
  // Objects are numbered per thread, so each page load has its own TodoStore#1: a history is one session's.
  async state(arg) {
    if (arg) {
      const [session, target] = arg.split(/\/(.*)/s).map(decodeURIComponent)
      const { rows } = await sql('select ts, key, old_preview, new_preview, call_id, call_name from state_history(' + sqlString(target) + ') where session_id = ' + sqlString(session) + ' order by ts limit 1000')
      return '<h2>' + esc(target) + ' <small>every change in session ' + esc(session.slice(0, 8)) + ', oldest first</small></h2>' + table(
        ['at', 'property', 'from', 'to', 'changed by'],
        rows.map(r => [at(r.ts), esc(r.key), preview(r.old_preview), preview(r.new_preview), r.call_id === null ? '—' : link('call/' + r.call_id, esc(r.call_name ?? '#' + r.call_id))]),
      )
    }
    const { rows } = await sql('select t.session_id, c.target, count(*) changes, count(distinct c.key) keys, max(c.ts) last_ts, any_value(s.first_seen)::VARCHAR started from state_changes c join threads t using (utid) join sessions s using (session_id) group by all order by started desc, changes desc limit 200')
    return '<h2>State <small>objects whose properties recorded code assigned, newest session first</small></h2>' + table(
      ['object', 'changes', 'properties', 'last change', 'session'],
      rows.map(r => [link('state/' + encodeURIComponent(r.session_id) + '/' + encodeURIComponent(r.target), esc(r.target)), count(r.changes), count(r.keys), at(r.last_ts), '<span class="dim" title="' + esc(r.session_id) + '">' + esc(String(r.started ?? '').slice(0, 19)) + '</span>']),
    )
  },
  async sql() {
    return '<h2>SQL <small>one read-only statement; tables and views in SCHEMA.md</small></h2>' +
      '<form id="sqlform"><textarea id="sqltext" rows="4" spellcheck="false">select * from calls_slowest limit 20</textarea><button>Run</button></form><div id="sqlout"></div>'
  },
}

// One level of a merged call tree: the callees of the calls on path (a list of site ids below the root call), grouped by function.
async function treeLevel(rootId, path) {
  let parents = String(rootId)
  for (const siteId of path) parents = 'select call_id from calls where site_id = ' + Number(siteId) + ' and parent_id in (' + parents + ')'
  const { rows } = await sql('select c.site_id, s.name, s.file, s.line, count(*) n, sum(c.dur) total, min(c.call_id) first_id, max(c.status = \'throw\')::INT threw from calls c join sites s using (site_id) where c.parent_id in (' + parents + ') group by all order by total desc nulls last, n desc limit 100')
  if (rows.length === 0) return path.length === 0 ? '<p class="empty">It called no recorded function.</p>' : ''
  return '<ul>' + rows.map(r => '<li><button class="node" data-path="' + esc(path.concat(r.site_id).join(',')) + '" data-root="' + esc(rootId) + '">▸</button> ' +
    fnCell(r) + ' <span class="dim">' + (Number(r.n) === 1 ? link('call/' + r.first_id, 'call #' + esc(r.first_id)) : '×' + count(r.n)) + ' · ' + ms(r.total) + (r.threw ? ' · threw' : '') + '</span><div class="kids"></div></li>').join('') + '</ul>'
}

async function show() {
  const [name, arg] = (location.hash.slice(1) || 'functions').split(/\/(.*)/s)
  const view = views[name] ?? views.functions
  for (const a of document.querySelectorAll('nav a')) a.classList.toggle('on', a.getAttribute('href') === '#' + (views[name] ? (name === 'fn' ? 'functions' : name === 'call' ? 'functions' : name) : 'functions'))
  const started = performance.now()
  try {
    $('#view').innerHTML = await view(arg)
    $('#view').dataset.ms = String(Math.round(performance.now() - started))
  }
  catch (error) {
    $('#view').innerHTML = '<p class="error">' + esc(error.message) + '</p>'
  }
}

document.addEventListener('click', async (event) => {
  const node = event.target.closest('button.node')
  if (!node) return
  const kids = node.parentElement.querySelector(':scope > .kids')
  if (node.textContent === '▾') { node.textContent = '▸'; kids.innerHTML = ''; return }
  node.textContent = '▾'
  kids.innerHTML = await treeLevel(Number(node.dataset.root), node.dataset.path.split(',').map(Number)) || '<p class="empty">It called no recorded function.</p>'
})
document.addEventListener('submit', async (event) => {
  if (event.target.id !== 'sqlform') return
  event.preventDefault()
  try {
    const { rows, columns, truncated } = await sql($('#sqltext').value)
    const names = columns
    $('#sqlout').innerHTML = table(names.map(esc), rows.map(r => names.map(n => r[n] !== null && typeof r[n] === 'object' ? preview(r[n]) : esc(r[n] ?? 'NULL')))) + (truncated ? '<p class="dim">Only the first rows are shown.</p>' : '')
  }
  catch (error) { $('#sqlout').innerHTML = '<p class="error">' + esc(error.message) + '</p>' }
})
window.addEventListener('hashchange', show)

// Live: the summary every 2 s; the lists again when new calls arrived (a call or SQL view stays as the user left it).
async function tick() {
  try {
    const changed = await refreshSummary()
    const name = location.hash.slice(1).split('/')[0] || 'functions'
    if (changed && $('#live').checked && ['functions', 'errors', 'state'].includes(name) && !location.hash.includes('/')) await show()
  }
  catch {}
  setTimeout(tick, 2000)
}
refreshSummary().then(show).finally(() => setTimeout(tick, 2000))
`
