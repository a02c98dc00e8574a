import { Hono } from 'hono';
import type { Env } from '../types.ts';

/** The admin home: today's figures and charts. */
export const homeRoutes = new Hono<Env>();
