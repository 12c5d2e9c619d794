class Button {
  label = 'ok'
  onClick = () => `${this.label}:${this.constructor.name}`
  onKey = (event, modifier = 'none') => [event, modifier, this.label]
  static create = () => new this()
  #hidden = () => this.label.toUpperCase()
  reveal() { return this.#hidden() }
  asyncField = async () => this.label
}
const b = new Button()
const { onClick, onKey } = b
b.label = 'changed'
const detached = [onClick(), onKey('enter')]
Promise.resolve(b.asyncField()).then((v) => {
  console.log(JSON.stringify({
    detached,
    names: [onClick.name, onKey.name, Button.create.name, b.asyncField.name],
    lengths: [onClick.length, onKey.length],
    created: Button.create() instanceof Button,
    reveal: b.reveal(),
    asyncValue: v,
    ownArrows: Object.keys(b),
    distinct: new Button().onClick !== b.onClick,
    isPromise: b.asyncField() instanceof Promise,
  }))
})
