import { Conflict, DomainError, Forbidden, NotFound } from '../modules/shared/errors.ts';

/**
 * Whether an error is PostgreSQL refusing a change because another one met it at the same moment:
 * a unique key another request took meanwhile (a value both checked first and found free, where
 * no lock or field message covers it), a foreign key whose row was removed (or
 * still referred to) meanwhile, a deadlock, or a serialization failure. SQLSTATE `code`, as pg's errors and MikroORM's exceptions both carry it.
 * NOTE: a safety net. Actions that can race lock first and refuse with a sentence of their own
 * (deletePackage, deleteCatalog, the moves); one that slips through answers 409 "try again"
 * rather than 500, and is logged as a warning, so the missing lock is seen.
 */
export function metAnotherChange(err: Error): 'exists' | 'in-use' | 'retry' | null {
  const code = (err as { code?: unknown }).code;
  if (code === '23505') return 'exists';
  if (code === '23503') return 'in-use';
  if (code === '40P01' || code === '40001') return 'retry';
  return null;
}

export const ANOTHER_CHANGE_MESSAGE = {
  exists: 'That already exists: the same was saved at the same moment. Reload the page to see it.',
  'in-use': 'That record is in use, or something it refers to was removed at the same moment. Reload the page and try again.',
  retry: 'Someone else changed this at the same moment. Try again.',
} as const;

/** The status an error answers with, wherever it is shown. */
export function errorStatus(err: Error): 403 | 404 | 409 | 422 | 500 {
  if (err instanceof NotFound) return 404;
  if (err instanceof DomainError) return 422;
  if (err instanceof Conflict || metAnotherChange(err)) return 409;
  if (err instanceof Forbidden) return 403;
  return 500;
}
