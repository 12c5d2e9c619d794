class Loader {
  constructor() { this.name = 'loader' }
  load(...ids) {
    const fetchOne = async (id) => { await null; return `${this.name}:${id}:${arguments.length}` }
    return Promise.all(ids.map(fetchOne))
  }
  static async create() { const l = new this(); await null; return l }
}
function legacy() {
  const self = this
  return (async () => { await undefined; return [this === self, arguments[0]] })()
}
const loader = await Loader.create()
const loaded = await loader.load('a', 'b')
const legacyResult = await legacy.call({ marker: 1 }, 'first-arg')
const asyncArrowName = (async () => {}).constructor.name
console.log(JSON.stringify({ loaded, legacyResult, asyncArrowName, created: loader instanceof Loader }))
