const base = { greet() { return 'base' }, get kind() { return 'base-kind' } }
const child = {
  __proto__: base,
  greet() { return `child>${super.greet()}` },
  get kind() { return `child>${super.kind}` },
  arrow: () => typeof this,
  async am() { return super.greet() },
  *gm() { yield super.greet() },
  ['comp' + 'uted']() { return 'computed' },
  nested: { deep() { return 'deep' } },
}
const out = {
  greet: child.greet(),
  kind: child.kind,
  arrow: child.arrow(),
  gm: [...child.gm()],
  computed: child.computed(),
  deep: child.nested.deep(),
  ownKeys: Object.keys(child),
}
child.am().then(v => { out.am = v; console.log(JSON.stringify(out)) })
