class Animal {
  constructor(name) { this.name = name }
  speak() { return `${this.name} makes a sound` }
  static kind() { return 'animal' }
  get tag() { return `animal:${this.name}` }
}
class Dog extends Animal {
  speak() { return `${super.speak()} (woof)` }
  static kind() { return `dog<${super.kind()}>` }
  get tag() { return `dog/${super.tag}` }
  later() { return [1].map(() => super.speak())[0] }
  async asyncSuper() { await null; return super.speak() }
}
const proto = { greet() { return 'proto-greet' } }
const obj = { __proto__: proto, greet() { return `obj+${super.greet()}` } }
const d = new Dog('rex')
const asyncResult = await d.asyncSuper()
console.log(JSON.stringify({ speak: d.speak(), kind: Dog.kind(), tag: d.tag, later: d.later(), asyncResult, obj: obj.greet() }))
