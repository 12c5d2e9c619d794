// Every way a plain function leaves: `return X` whose X calls functions or throws, `return;`
// (also by ASI before a line break), falling off the end, returns inside a try/catch of its own
// (caught and not), inside switch, loops and labelled blocks, comma expressions, and object
// literals from arrows, constructors and getters. Each exit is recorded where it happens, so a
// call made while computing X must nest under the function, and one made in a finally after it.
const log = []
const note = (tag, value) => { log.push(tag); return value }
function boom(message) { throw new Error(message) }

function returnsCall(n) { return note(`call${n}`, n * 2) }
function returnsComma() { return note('comma-a', 1), note('comma-b', 2) }
function bare(flag) { if (flag) return; note('after-bare') }
function asiBare() {
  return
  note('unreachable')
}
function fallsOff(n) { note(`falls${n}`) }
function throwsInReturn() { return boom('in-return') }
function caughtReturn() { try { return boom('caught') } catch (e) { return note('recovered', e.message) } }
function nestedCatchThenReturn() { try { try { return boom('inner') } catch (e) { note('inner-catch') ; throw new Error(`outer<-${e.message}`) } } catch (e) { return e.message } }
function inSwitch(k) { switch (k) { case 1: return 'one'; case 2: { note('two'); return } default: note('default') } return 'after-switch' }
function inLoop(xs) { for (const x of xs) { if (x > 2) return note('found', x) } return -1 }
function labelled() { block: { if (log.length >= 0) break block; return 'never' } return note('labelled', 'after-block') }
function withOwnFinally() { try { return note('try-value', 't') } finally { note('own-finally') } }
function finallyCallsAfterReturn() { try { return 'v' } finally { returnsCall(9) } }
const objArrow = () => ({ kind: 'object', n: note('arrow-object', 1) })
const seqArrow = () => (note('seq-a'), note('seq-b', 'last'))
class Shape {
  constructor(kind) { this.kind = kind; if (kind === 'swap') return { swapped: true } }
  get area() { if (this.kind === 'none') return; return note('area', 4) }
  static make(kind) { return new Shape(kind) }
}
class Square extends Shape {
  constructor() { super('square'); note('square-ctor') }
}
function recursive(n) { return n <= 0 ? note('base', 0) : recursive(n - 1) + 1 }
function returnsFunction() { return function inner() { return 'inner-result' } }
function returnsThis() { return this }

const results = {
  returnsCall: returnsCall(3),
  returnsComma: returnsComma(),
  bare: [bare(true), bare(false)],
  asiBare: asiBare(),
  fallsOff: fallsOff(1),
  caughtReturn: caughtReturn(),
  nestedCatchThenReturn: nestedCatchThenReturn(),
  inSwitch: [inSwitch(1), inSwitch(2), inSwitch(3)],
  inLoop: [inLoop([1, 2, 3, 4]), inLoop([])],
  labelled: labelled(),
  withOwnFinally: withOwnFinally(),
  finallyCallsAfterReturn: finallyCallsAfterReturn(),
  objArrow: objArrow(),
  seqArrow: seqArrow(),
  swap: Shape.make('swap'),
  square: new Square().kind,
  area: [new Shape('box').area, new Shape('none').area],
  recursive: recursive(5),
  returnsFunction: returnsFunction()(),
  returnsThis: returnsThis.call('receiver') === 'receiver',
  lengths: [returnsCall.length, bare.length, Shape.length, Square.length, objArrow.length],
  names: [returnsCall.name, objArrow.name, Shape.make.name],
}
try { throwsInReturn() } catch (e) { results.throwsInReturn = e.message }
console.log(JSON.stringify({ results, log }))
