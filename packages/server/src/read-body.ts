/**
 * The body of hono's `request`, or 'too-large' past `maxBytes` (read no further). A declared
 * Content-Length over the limit is refused unread; a body sent in chunks is counted as it comes.
 *
 * Not hono's `bodyLimit`: for a body without Content-Length it copies the request with
 * `new Request(raw, …)`, which throws on Node 20 for @hono/node-server's requests, so such a POST
 * got a 500 and a stack trace instead of its answer.
 */
export async function readBody(honoRequest: { raw: Request, arrayBuffer: () => Promise<ArrayBuffer> }, maxBytes: number): Promise<Uint8Array | 'too-large'> {
  const request = honoRequest.raw
  const declared = Number(request.headers.get('content-length') ?? Number.NaN)
  if (declared > maxBytes) return 'too-large'
  // A middleware before the route read it already (the standalone collector's sampling): hono keeps a copy.
  if (request.bodyUsed) {
    const cached = new Uint8Array(await honoRequest.arrayBuffer())
    return cached.byteLength > maxBytes ? 'too-large' : cached
  }
  if (!request.body) return new Uint8Array(0)
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel().catch(() => {})
      return 'too-large'
    }
    chunks.push(value)
  }
  if (chunks.length === 1) return chunks[0]!
  const body = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    body.set(chunk, offset)
    offset += chunk.byteLength
  }
  return body
}
