// markdown-it renders a generated document with headings, lists, emphasis, code and tables.
import MarkdownIt from 'markdown-it'
import { random, report, ROUNDS, words } from './shared.mjs'

const next = random(3)
const blocks = []
for (let i = 0; i < 800; i++) {
  blocks.push(`## Section ${i} ${words(next, 3)}`)
  blocks.push(`${words(next, 30)} *${words(next, 2)}* and **${words(next, 2)}** with \`code ${i}\` and [a link](https://example.com/${i}).`)
  blocks.push(`- ${words(next, 5)}\n- ${words(next, 4)}\n  - nested ${i}`)
  if (i % 10 === 0) blocks.push(`| a | b |\n|---|---|\n| ${i} | ${words(next, 2)} |`)
  if (i % 7 === 0) blocks.push('```js\nconst x = ' + i + '\n```')
}
const doc = blocks.join('\n\n')
const md = new MarkdownIt()
const results = []
for (let r = 0; r < 3 * ROUNDS; r++) results.push(md.render(doc).length)
report('markdown-render', results)
