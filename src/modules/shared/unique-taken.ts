/**
 * Whether `err` is PostgreSQL refusing a row because the unique key `constraint` already holds its
 * value: pg's errors name the constraint, and MikroORM's exceptions copy it. NOTE: for a value
 * two requests can check free at the same moment (a double click), so the later one is answered
 * by its field, as the check before it would have, not with a generic conflict.
 */
export function isUniqueTaken(err: unknown, constraint: string): boolean {
  const e = err as { code?: unknown; constraint?: unknown } | null;
  return e?.code === '23505' && e.constraint === constraint;
}
