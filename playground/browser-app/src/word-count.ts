/** Words in a task title: runs of letters or digits. */
export function countWords(title: string): number {
  return title.split(/[^\p{L}\p{N}]+/u).filter(Boolean).length
}
