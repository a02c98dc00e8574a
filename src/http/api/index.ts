import { Hono } from 'hono';
import type { Env } from '../types.ts';

export const apiRoutes = new Hono<Env>();
