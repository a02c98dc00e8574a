// The states of billing runs and their batches, defined once (the entities' check constraints say the same).

export const RUN_STATUSES = ['running', 'done', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** abandoned: its job was lost for too long; the next run covers its clients. */
export const BATCH_STATUSES = ['pending', 'done', 'failed', 'abandoned'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

export const RUN_TRIGGERS = ['schedule', 'staff', 'api', 'retry'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];
