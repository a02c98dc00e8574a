import type { ProvisioningPlugin } from './plugin.ts';

/** Manual provisioning: every call succeeds and staff do the work by hand. */
export const nonePlugin: ProvisioningPlugin = {
  key: 'none',
  name: 'Manual, no automation',
  description: 'No automation. Services become active at once and staff set them up by hand.',
  instanceFields: [],
  packageFields: [
    {
      key: 'instructions',
      label: 'Instructions for staff',
      type: 'textarea',
      maxLength: 2000,
      help: 'Shown on the service page to whoever sets it up.',
    },
  ],
  tags: [],
  testConnection() {
    return Promise.resolve({ ok: true, message: 'Manual provisioning needs no connection.' });
  },
  run() {
    return Promise.resolve({ message: 'Recorded for manual set-up.' });
  },
};
