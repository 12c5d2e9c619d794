// dayjs: parse, add, diff and format many dates.
import dayjs from 'dayjs'
import utc from 'dayjs/plugin/utc.js'
import { random, report, ROUNDS } from './shared.mjs'

dayjs.extend(utc)
const next = random(6)
const base = dayjs.utc('2024-01-01T00:00:00Z')
const results = []
for (let r = 0; r < ROUNDS; r++) {
  let acc = 0
  const samples = []
  for (let i = 0; i < 40000; i++) {
    const d = base.add(Math.floor(next() * 100000), 'minute').add(i % 13, 'day')
    const text = d.format('YYYY-MM-DD HH:mm ddd MMM')
    acc += d.diff(base, 'hour') + text.length + d.startOf('month').date()
    if (i % 4000 === 0) samples.push(text, dayjs.utc(text.slice(0, 16)).toISOString())
  }
  results.push(acc, samples)
}
report('dayjs-format', results)
