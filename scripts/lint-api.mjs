// Lints the staff API document with Redocly's recommended rules; any error or warning fails.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApiDocument } from '../src/http/api/openapi.ts';

const file = join(mkdtempSync(join(tmpdir(), 'openapi-')), 'openapi.json');
writeFileSync(file, JSON.stringify(openApiDocument(), null, 2));
const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
const run = spawnSync('redocly', ['lint', file, '--config', 'redocly.yaml', '--max-problems', '1000'], { stdio: 'inherit', env });
const warned = spawnSync('redocly', ['lint', file, '--config', 'redocly.yaml', '--format', 'summary'], { encoding: 'utf8', env });
process.exit(run.status !== 0 || /warning/i.test(warned.stdout + warned.stderr) ? 1 : 0);
