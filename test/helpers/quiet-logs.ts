import { setLogLevel } from '../../src/observability/log.ts';

// Tests answer thousands of requests: their log lines would bury what a failing test prints.
// LOG_LEVEL=info (or debug) shows them; a test reading lines turns them on for itself.
setLogLevel(process.env.LOG_LEVEL ?? 'warn');
