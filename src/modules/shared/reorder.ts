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
