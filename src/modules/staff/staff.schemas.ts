import { z } from 'zod';
import { STAFF_ROLES } from './rules/roles.ts';
import { PASSWORD_MAX } from '../auth/password.ts';
import { newPasswordField } from '../auth/new-password.ts';

export const emailField = z
  .string({ error: 'Enter an email address.' })
  .trim()
  .toLowerCase()
  .max(254, 'Use at most 254 characters.')
  .pipe(z.email({ error: 'Enter an email address like name@example.com.' }));

export const createStaffInput = z.object({
  email: emailField,
  password: newPasswordField,
  name: z.string({ error: 'Enter a name.' }).trim().min(1, 'Enter a name.').max(120, 'Use at most 120 characters.'),
  role: z.enum(STAFF_ROLES, { error: `Choose one of: ${STAFF_ROLES.join(', ')}.` }),
});
export type CreateStaffInput = z.infer<typeof createStaffInput>;

export const signInInput = z.object({
  email: z.string({ error: 'Enter your email.' }).trim().min(1, 'Enter your email.').max(254, 'Use at most 254 characters.'),
  password: z.string({ error: 'Enter your password.' }).min(1, 'Enter your password.').max(PASSWORD_MAX, 'That password is too long.'),
});

const nameField = z.string({ error: 'Enter a name.' }).trim().min(1, 'Enter a name.').max(120, 'Use at most 120 characters.');
const roleField = z.enum(STAFF_ROLES, { error: `Choose one of: ${STAFF_ROLES.join(', ')}.` });

/** An owner invites someone: they set their own password through the emailed link. */
export const inviteStaffInput = z.object({ email: emailField, name: nameField, role: roleField });

export const updateStaffInput = z.object({ name: nameField, role: roleField });

export const acceptInviteInput = z.object({
  token: z
    .string({ error: 'That link is not valid. Ask an owner for a new invitation.' })
    .min(1, 'That link is not valid. Ask an owner for a new invitation.')
    .max(100, 'That link is not valid. Ask an owner for a new invitation.'),
  password: createStaffInput.shape.password,
});
