/** Where execscope's own messages go: stderr, so stdout stays for results. */
export interface Logger {
  info: (message: string) => void
  warn: (message: string) => void
  /** Prints a warning once per distinct message. */
  warnOnce: (message: string) => void
}

export function createLogger(write: (line: string) => void = line => process.stderr.write(`${line}\n`)): Logger {
  const seen = new Set<string>()
  return {
    info: message => write(message),
    warn: message => write(message),
    warnOnce(message) {
      if (seen.has(message)) return
      seen.add(message)
      write(message)
    },
  }
}
