// ramda: curried point-free pipelines over generated records.
import * as R from 'ramda'
import { random, report, ROUNDS } from './shared.mjs'

const next = random(5)
const items = Array.from({ length: 15000 }, (_, i) => ({ id: i, price: Math.round(next() * 10000) / 100, qty: 1 + Math.floor(next() * 9), tag: ['a', 'b', 'c', 'd'][i % 4] }))
const total = R.pipe(R.map(R.converge(R.multiply, [R.prop('price'), R.prop('qty')])), R.sum)
const byTag = R.pipe(R.groupBy(R.prop('tag')), R.map(total))
const expensive = R.pipe(R.filter(R.propSatisfies(R.lt(50), 'price')), R.sortBy(R.prop('price')), R.take(5), R.pluck('id'))
const results = []
for (let r = 0; r < 4 * ROUNDS; r++) results.push(byTag(items), expensive(items), R.countBy(R.prop('qty'), items))
report('ramda-pipeline', results)
