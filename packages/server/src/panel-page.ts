import { PANEL_SCRIPT } from './panel-script.ts'

const STYLE = `
  :root { color-scheme: light dark; --dim: #777; --line: #8884; --accent: #3b6fd8 }
  * { box-sizing: border-box }
  body { margin: 0; font: 14px/1.45 system-ui, sans-serif }
  header { display: flex; flex-wrap: wrap; gap: 4px 16px; align-items: baseline; padding: 10px 16px; border-bottom: 1px solid var(--line) }
  header h1 { font-size: 16px; margin: 0 }
  #summary { display: flex; flex-wrap: wrap; gap: 4px 14px; color: var(--dim); min-width: 0 }
  #summary .file { white-space: nowrap }
  nav { display: flex; gap: 4px; padding: 6px 16px; border-bottom: 1px solid var(--line); align-items: center }
  nav a { padding: 3px 10px; border-radius: 4px; text-decoration: none; color: inherit }
  nav a.on { background: var(--accent); color: #fff }
  nav label { margin-left: auto; color: var(--dim) }
  main { padding: 8px 16px 40px }
  h2 { font-size: 15px; margin: 10px 0 } h3 { font-size: 14px; margin: 16px 0 6px }
  small, .dim, .loc { color: var(--dim); font-weight: normal }
  .fn { font-family: ui-monospace, monospace; overflow-wrap: anywhere }
  table { border-collapse: collapse; width: 100%; table-layout: auto }
  th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--line); vertical-align: top }
  td { overflow-wrap: anywhere } th { white-space: nowrap }
  td code { font-size: 12px; overflow-wrap: anywhere }
  a { color: var(--accent) }
  .empty { color: var(--dim) } .error { color: #c33 }
  .why li { margin: 2px 0 } .via { display: inline-block; min-width: 9ch; color: var(--dim) }
  #tree ul { list-style: none; margin: 0; padding-left: 18px } #tree > ul { padding-left: 0 }
  button.node { border: 0; background: none; cursor: pointer; width: 1.5em; padding: 0; color: inherit }
  #sqlform { display: flex; gap: 8px; align-items: flex-start } #sqltext { flex: 1; font: 13px ui-monospace, monospace }
`

/**
 * The collector's trace page at `{basePath}/`: summary, slowest functions, a call with why it ran
 * and what it called, errors, state history and a SQL console, over the collector's own read
 * endpoints. Served by the collector itself, so the dev server's SPA fallback never answers the
 * printed URL with the app (which would also record a session of it).
 */
export function panelPage(basePath: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>execscope trace</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body>
<header><h1>execscope</h1><div id="summary">loading…</div></header>
<nav><a href="#functions">Functions</a><a href="#errors">Errors</a><a href="#state">State</a><a href="#sql">SQL</a><label><input type="checkbox" id="live" checked> live</label></nav>
<main id="view"></main>
<script type="module">
const BASE = ${JSON.stringify(basePath).replace(/</g, '\\u003c')}
${PANEL_SCRIPT}
</script>
</body>
</html>
`
}
