import { Hono } from 'hono';
import { requireStaff } from '../middleware/auth.ts';
import { recordStaffWrites } from '../middleware/audit-actor.ts';
import type { Env } from '../types.ts';
import { addonGroupRoutes } from './addon-groups.tsx';
import { auditRoutes } from './audit.tsx';
import { clientInvoiceRoutes } from './client-invoices.tsx';
import { billingRoutes } from './billing.tsx';
import { catalogRoutes } from './catalogs.tsx';
import { couponRoutes } from './coupons.tsx';
import { creditNoteRoutes } from './credit-notes.tsx';
import { clientRoutes } from './clients.tsx';
import { emailRoutes } from './package-email.tsx';
import { emailSettingsRoutes } from './email-settings.tsx';
import { messageRoutes } from './messages.tsx';
import { invoiceRoutes } from './invoices.tsx';
import { orderRoutes } from './orders.tsx';
import { addonRoutes } from './package-addons.tsx';
import { pricingRoutes } from './package-pricing.tsx';
import { provisioningRoutes } from './package-provisioning.tsx';
import { scalingRoutes } from './package-scaling.tsx';
import { translationRoutes } from './package-translations.tsx';
import { variantRoutes } from './package-variants.tsx';
import { packageRoutes } from './packages.tsx';
import { paymentRoutes } from './payments.tsx';
import { pluginRoutes } from './plugins.tsx';
import { sessionRoutes } from './session.tsx';
import { settingsRoutes } from './settings.tsx';
import { serviceRoutes } from './services.tsx';
import { workRoutes } from './work.tsx';
import { homeRoutes } from './home.tsx';
import { reportRoutes } from './reports.tsx';
import { accountRoutes } from './account.tsx';
import { staffRoutes } from './staff.tsx';
import { inboxRoutes } from './inbox.tsx';

const staffOnly = new Hono<Env>()
  .use('*', requireStaff, recordStaffWrites('staff'))
  .route('/', homeRoutes)
  .route('/account', accountRoutes)
  .route('/staff', staffRoutes)
  .route('/addon-groups', addonGroupRoutes)
  .route('/audit', auditRoutes)
  .route('/billing', billingRoutes)
  .route('/catalogs', catalogRoutes)
  .route('/clients', clientRoutes)
  .route('/clients', clientInvoiceRoutes)
  .route('/coupons', couponRoutes)
  .route('/credit-notes', creditNoteRoutes)
  .route('/inbox', inboxRoutes)
  .route('/invoices', invoiceRoutes)
  .route('/messages', messageRoutes)
  .route('/orders', orderRoutes)
  .route('/packages', packageRoutes)
  .route('/packages', pricingRoutes)
  .route('/packages', variantRoutes)
  .route('/packages', provisioningRoutes)
  .route('/packages', scalingRoutes)
  .route('/packages', addonRoutes)
  .route('/packages', emailRoutes)
  .route('/packages', translationRoutes)
  .route('/payments', paymentRoutes)
  .route('/plugins', pluginRoutes)
  .route('/settings/emails', emailSettingsRoutes)
  .route('/settings', settingsRoutes)
  .route('/reports', reportRoutes)
  .route('/services', serviceRoutes)
  .route('/work', workRoutes);

export const adminRoutes = new Hono<Env>().route('/', sessionRoutes).route('/', staffOnly);
