import { Hono } from 'hono';
import type { Env } from '../types.ts';

/** Staff accounts: invitations, roles, two-factor sign-in, sessions and API tokens. */
export const staffAccountRoutes = new Hono<Env>();
