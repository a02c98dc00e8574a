export const STAFF_ROLES = ['owner', 'admin', 'support'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** `support` reads everything and changes nothing. */
export function canWrite(role: StaffRole): boolean {
  return role === 'owner' || role === 'admin';
}
