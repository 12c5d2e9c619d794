function findPair(rows) {
  const seen = []
  outer: for (const row of rows) {
    inner: for (const cell of row) {
      if (cell < 0) continue outer
      if (cell === 0) break inner
      if (cell > 9) break outer
      seen.push(cell)
    }
    seen.push('|')
  }
  block: {
    if (seen.length) break block
    seen.push('never')
  }
  return seen
}
const arrowLabel = n => { let i = 0; loop: while (true) { i++; if (i >= n) break loop; continue loop } return i }
function* labelledGen() { outer: for (let i = 0; i < 3; i++) { for (let j = 0; j < 3; j++) { if (j === 1) continue outer; yield `${i}${j}` } } }
async function labelledAsync() { const r = []; l: for (const x of [1, 2, 3]) { await null; if (x === 2) continue l; r.push(x) } return r }
labelledAsync().then(async (r) => {
  console.log(JSON.stringify({ pairs: findPair([[1, 2], [-1, 5], [3, 0, 4], [20, 1], [7]]), arrowLabel: arrowLabel(5), gen: [...labelledGen()], async: r }))
})
