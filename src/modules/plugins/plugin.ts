import type { FieldSpec, FieldValues } from './rules/field-spec.ts';

/** An instance's settings with its secrets decrypted: only ever held in memory. */
export interface InstanceConfig {
  id: number;
  name: string;
  settings: FieldValues;
}

export interface LifecycleContext {
  instance: InstanceConfig;
  packageOptions: FieldValues;
  /** Deduplicates retries of the same call on the remote side. */
  idempotencyKey: string;
  service: { id: number; packageId: number; packageSlug: string; clientId: number; clientEmail?: string };
  /** The service's configurable options as chosen ({ group: "Extra IPv4", type: "quantity", option: "IPv4 address", quantity: 4 }). */
  chosenOptions?: { group: string; type: string; option: string | null; quantity?: number; text?: string; label: string }[];
}

export interface LifecycleResult {
  /** Values the welcome email can show as tags (e.g. an IP or panel URL). */
  data?: Record<string, string>;
  message?: string;
}

export type LifecycleVerb = 'create' | 'suspend' | 'unsuspend' | 'terminate' | 'changePackage';

/** Thrown for a failure no retry can fix (bad credentials, rejected request). */
export class PermanentPluginError extends Error {}

export interface ProvisioningPlugin {
  key: string;
  name: string;
  description: string;
  instanceFields: readonly FieldSpec[];
  packageFields: readonly FieldSpec[];
  /**
   * Tags this plugin adds to the welcome email, with sample values for the preview. They are the
   * values `create` returns, which the client's service page lists under `label`; a `secret` one
   * (a password) stays hidden there until the client asks to see it.
   */
  tags: readonly { name: string; description: string; sample: string; label?: string; secret?: boolean }[];
  testConnection(instance: InstanceConfig): Promise<{ ok: boolean; message: string }>;
  run(verb: LifecycleVerb, ctx: LifecycleContext & { targetPackageSlug?: string }): Promise<LifecycleResult>;
}
