import { z } from 'zod';
import { text } from '../shared/fields.ts';

export const pluginInstanceInput = z.object({
  plugin: z.string({ error: 'Choose a plugin.' }).trim().min(1, 'Choose a plugin.').max(40),
  name: text('a name', 120),
  settings: z.record(z.string(), z.unknown(), { error: 'Send settings as an object.' }).default({}),
});
