import { Hono } from 'hono';
import { listOptionGroups } from '../../modules/catalog/list-option-groups.ts';
import type { Env } from '../types.ts';

/** The shared configurable option groups, with their options and the packages using each. */
export const optionGroupApi = new Hono<Env>().get('/', async (c) => c.json({ data: await listOptionGroups(c.var.em) }));
