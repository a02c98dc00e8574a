// The baseline for bench/store: a bare Hono handler in a process of its own, answering every GET
// with the bytes in the file given (the app's own rendered page), as text/html.
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const body = readFileSync(process.argv[2], 'utf8');
const app = new Hono().get('*', (c) => c.html(body));
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(`listening ${info.port}`));
