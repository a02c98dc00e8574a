import type { ServiceStatus } from '../../shared/statuses.ts';

// Which staff action is allowed from which status. Pure.

export const SERVICE_ACTIONS = ['suspend', 'unsuspend', 'terminate'] as const;
export type ServiceAction = (typeof SERVICE_ACTIONS)[number];

const FROM: Record<ServiceAction, readonly ServiceStatus[]> = {
  suspend: ['active'],
  unsuspend: ['suspended'],
  terminate: ['pending', 'active', 'suspended', 'cancelled'],
};

export const TARGET: Record<ServiceAction, ServiceStatus> = { suspend: 'suspended', unsuspend: 'active', terminate: 'terminated' };

export function transitionProblem(action: ServiceAction, status: ServiceStatus): string | null {
  if (FROM[action].includes(status)) return null;
  return `A ${status} service cannot be ${{ suspend: 'suspended', unsuspend: 'unsuspended', terminate: 'terminated' }[action]}.`;
}
