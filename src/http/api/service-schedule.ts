import { Hono } from 'hono';
import { loadServiceSchedule } from '../../modules/billing/load-service-schedule.ts';
import type { Env } from '../types.ts';
import { pathId } from './json.ts';

export const serviceScheduleApi = new Hono<Env>().get('/services/:id/schedule', async (c) =>
  c.json({ data: await loadServiceSchedule(c.var.em, pathId(c.req.param('id')), c.req.query('periods'), c.var.now) }),
);
