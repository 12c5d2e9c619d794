export const order = []
export function record(label) { order.push(label) }
