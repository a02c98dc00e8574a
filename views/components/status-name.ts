/** A stored status as a list's filter names it: "Active", and "Cancelled (void)" for a void invoice. */
export function statusName(status: string): string {
  if (status === 'void') return 'Cancelled (void)';
  return status.charAt(0).toUpperCase() + status.slice(1).replaceAll('_', ' ');
}
