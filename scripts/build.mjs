// `npm run build`: the TypeScript sources compiled to plain JavaScript in dist/ (types are
// checked by `npm test`, not here, so a build takes seconds), and the static files beside them.
// Production runs dist/: no compiler in the process, less memory, faster start.
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
// NOTE: a clean dist, so a source (a migration!) deleted since the last build leaves nothing behind.
rmSync('dist', { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
cpSync('public', 'dist/public', { recursive: true });
