// handlebars: compile templates with helpers, partials and loops, render many contexts.
import Handlebars from 'handlebars'
import { random, report, ROUNDS, words } from './shared.mjs'

const hb = Handlebars.create()
hb.registerHelper('upper', s => String(s).toUpperCase())
hb.registerHelper('money', n => `$${Number(n).toFixed(2)}`)
hb.registerPartial('row', '<tr class="{{#if odd}}odd{{else}}even{{/if}}"><td>{{upper name}}</td><td>{{money price}}</td></tr>')
const template = hb.compile('<h1>{{title}}</h1><table>{{#each rows}}{{> row}}{{/each}}</table>{{#with footer}}<p>{{note}} ({{count}})</p>{{/with}}')
const next = random(8)
const results = []
for (let r = 0; r < ROUNDS; r++) {
  let length = 0
  for (let i = 0; i < 2500; i++) {
    const rows = Array.from({ length: 12 }, (_, j) => ({ name: words(next, 2), price: next() * 100, odd: j % 2 === 1 }))
    length += template({ title: `Report ${i}`, rows, footer: { note: words(next, 4), count: rows.length } }).length
  }
  results.push(length)
}
report('handlebars-render', results)
