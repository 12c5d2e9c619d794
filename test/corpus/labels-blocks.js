function findPair(grid, target) {
  let checks = 0
  outer: for (let i = 0; i < grid.length; i++) {
    inner: for (let j = 0; j < grid[i].length; j++) {
      checks++
      if (grid[i][j] < 0) continue outer
      if (grid[i][j] === 0) continue inner
      if (grid[i][j] === target) return [i, j, checks]
    }
  }
  return [-1, -1, checks]
}
function labelledBlock(x) {
  const steps = []
  block: {
    steps.push('enter')
    if (x > 1) break block
    steps.push('not-broken')
  }
  steps.push('after')
  return steps
}
function* labelledGenerator() {
  loop: while (true) {
    for (const v of [1, 2, 3]) { const got = yield v; if (got === 'stop') break loop; if (got === 'skip') continue loop }
  }
  return 'ended'
}
const g = labelledGenerator()
const gen = [g.next().value, g.next('skip').value, g.next().value, g.next('stop')]
const sameLabelTwice = () => { let n = 0; a: { n++; break a } a: { n += 10 } return n }
console.log(JSON.stringify({ pair: findPair([[1, -1, 9], [0, 5, 7]], 7), block: [labelledBlock(1), labelledBlock(2)], gen, sameLabelTwice: sameLabelTwice() }))
