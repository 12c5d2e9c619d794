const log = []
class Store {
  #items = []
  async add(item) { await null; this.#items.push(item); log.push(`added:${item}`); return this.#items.length }
  static async create() { const s = new Store(); await s.add('init'); return s }
  async *each() { for (const i of this.#items) { await null; yield i } }
  get size() { return this.#items.length }
  onLoad = async () => { await null; log.push(`onLoad:${this.size}`) }
}
async function main() {
  const s = await Store.create()
  const results = await Promise.all([s.add('a'), s.add('b')])
  await s.onLoad()
  const seen = []
  for await (const i of s.each()) seen.push(i)
  return { results, seen, size: s.size }
}
Promise.resolve().then(() => log.push('tick1')).then(() => log.push('tick2'))
main().then(r => console.log(JSON.stringify({ ...r, log })))
