export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

export function formatRemaining(count: number): string {
  return count === 0 ? 'All done' : `${plural(count, 'item')} left`
}
