import type { PackageStatus } from '../../catalog/rules/constants.ts';

// Whether a client may order a package, as one sentence when not. Pure: counts come in.

export function orderableProblem(status: PackageStatus, allowedForClient: boolean): string | null {
  if (status === 'inactive') return 'This package is no longer available to order.';
  if (status === 'restricted' && !allowedForClient) return 'This package is not available to your account.';
  return null;
}

export function stockProblem(stock: number, held: number, quantity: number): string | null {
  if (stock === -1) return null;
  const left = Math.max(0, stock - held);
  if (left === 0) return 'Sold out.';
  if (quantity > left) return `Only ${left} left.`;
  return null;
}

export function limitProblem(limit: number, heldByClient: number, quantity: number): string | null {
  if (limit === -1 || heldByClient + quantity <= limit) return null;
  if (heldByClient >= limit) return `You already have the maximum of ${limit}.`;
  return `You can order ${limit - heldByClient} more at most (the limit is ${limit}).`;
}
