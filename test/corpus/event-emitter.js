import { EventEmitter, once } from 'node:events'
class Store extends EventEmitter {
  #items = []
  add(item) { this.#items.push(item); this.emit('added', item, this.#items.length); return this }
}
const log = []
const store = new Store()
function onAdded(item, size) { log.push(['listener', item, size, this === store]) }
store.on('added', onAdded)
store.once('added', (item) => log.push(['once', item]))
store.prependListener('added', function first() { log.push(['first', arguments.length]) })
store.add('a').add('b')
store.off('added', onAdded)
store.add('c')
let errorEvent
try { store.emit('error', new Error('unhandled-emitter-error')) } catch (e) { errorEvent = e.message }
setTimeout(() => store.emit('ready', 'now'), 0)
const [readyValue] = await once(store, 'ready')
console.log(JSON.stringify({ log, errorEvent, readyValue, listeners: store.listenerCount('added') }))
