// lodash: groupBy, sortBy, chunk, uniqBy, mapValues, debounce-free collection pipelines.
import _ from 'lodash'
import { random, report, ROUNDS, words } from './shared.mjs'

const next = random(4)
const people = Array.from({ length: 20000 }, (_, i) => ({ id: i, name: words(next, 2), age: Math.floor(next() * 90), city: words(next, 1), score: next() }))
const results = []
for (let r = 0; r < 6 * ROUNDS; r++) {
  const byCity = _.groupBy(people, 'city')
  const stats = _.mapValues(byCity, group => ({ n: group.length, mean: _.meanBy(group, 'age'), top: _.maxBy(group, 'score').id }))
  const sorted = _.sortBy(people, ['age', 'name']).map(p => p.id)
  const chunks = _.chunk(sorted, 97).map(c => _.sum(c))
  const uniq = _.uniqBy(people, p => p.name).length
  results.push(stats, chunks.slice(0, 20), uniq, _.take(sorted, 10))
}
report('lodash-collections', results)
