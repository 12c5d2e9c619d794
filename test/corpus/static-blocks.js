const log = []
class Config {
  static defaults = { retries: 3 }
  static {
    log.push(['block1', this === Config, this.defaults.retries])
    var hidden = 'var-in-block'
    Config.hidden = hidden
  }
  static loaded = log.push('field-after-block1')
  static {
    function helper(x) { return x * 2 }
    log.push(['block2', helper(21), typeof hidden])
    try { Config.fail() } catch (e) { log.push(['caught', e.message]) }
  }
  static fail() { throw new Error('in-static') }
}
let thrown
try {
  class Broken { static { throw new TypeError('static-block-throws') } }
  log.push(Broken.name)
} catch (e) { thrown = [e.name, e.message] }
const Anonymous = class { static { log.push(['anon', this.name]) } }
console.log(JSON.stringify({ log, hidden: Config.hidden, thrown, anonName: Anonymous.name }))
