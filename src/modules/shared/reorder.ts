/**
 * Moves the item `id` one place up or down in `items` (already in display order) and numbers
 * every item's position from 1, so positions stay distinct. False when `id` is not there.
 */
export function moveOnePlace<T extends { id: number; position: number }>(items: T[], id: number, direction: 'up' | 'down'): boolean {
  const index = items.findIndex((x) => x.id === id);
  if (index < 0) return false;
  const other = direction === 'up' ? index - 1 : index + 1;
  if (other >= 0 && other < items.length) [items[index], items[other]] = [items[other]!, items[index]!];
  items.forEach((x, i) => (x.position = i + 1));
  return true;
}

/**
 * `items` locked in key order, put in display order (position, ties by id).
 * NOTE: a mover locks every row of the list, and must lock them in an order every mover agrees
 * on. Locking in position order does not: a mover whose snapshot is older than a committed move
 * locks in the old order, one after it in the new, and each waits for a row the other holds (a
 * deadlock, and one of the two moves fails). Lock by key, which no move changes, then sort the
 * rows (their positions as they are once every lock is held) here.
 */
export function inDisplayOrder<T extends { id: number; position: number }>(items: T[]): T[] {
  return items.sort((a, b) => a.position - b.position || a.id - b.id);
}
