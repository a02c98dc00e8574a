import { Hono } from 'hono';
import type { Env } from '../types.ts';

/** Reports: revenue, MRR and churn, tax collected, outstanding balances by age. */
export const reportRoutes = new Hono<Env>();
