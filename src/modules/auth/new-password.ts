import { z } from 'zod';
import { PASSWORD_MAX, PASSWORD_MIN } from './password.ts';

/**
 * A password being chosen (sign-up, a reset, a change, a staff invitation or account): kept
 * exactly as typed, spaces included, but spaces around too few characters (ten spaces, say) are
 * not a password.
 */
export const newPasswordField = z
  .string({ error: 'Enter a password.' })
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`)
  .refine((v) => v.trim().length >= PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters, not counting spaces at the start or end.`);
