// Emails whose one-use link (queueMail's `secret`) is removed from the stored copy once sent:
// a copy of one would carry a dead link, so staff send a new link instead of resending.
const ONE_USE_LINKS = new Set(['password-reset', 'password-set', 'staff-invite']);

/** Whether staff may send a copy of an email of this kind. */
export const resendable = (kind: string) => !ONE_USE_LINKS.has(kind);
