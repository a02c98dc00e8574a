import { Hono, type Context } from 'hono';
import { SettingsPage, type SettingsProps } from '../../../views/admin/settings/index.tsx';
import { saveBillingSettings } from '../../modules/settings/billing-settings.ts';
import { documentFormats } from '../../modules/invoicing/document-formats.ts';
import { saveDocumentFormats } from '../../modules/invoicing/save-document-formats.ts';
import { loadSettings } from '../../modules/settings/load-settings.ts';
import { getSellerDetails, saveSellerDetails } from '../../modules/settings/seller-details.ts';
import { getSellerLogo, LOGO_MIME, saveSellerLogo } from '../../modules/settings/seller-logo.ts';
import { removeCurrency, saveCurrency } from '../../modules/settings/save-currency.ts';
import { removeLanguage, saveLanguage } from '../../modules/settings/save-language.ts';
import { removeTaxRate, saveTaxRate } from '../../modules/settings/save-tax-rate.ts';
import { canWrite } from '../../modules/staff/rules/roles.ts';
import { readForm } from '../form.ts';
import { formInput } from '../client/form-input.ts';
import { attempt, layoutProps, redirectAfterPost } from '../respond.ts';
import type { Env } from '../types.ts';

async function render(c: Context<Env>, failed?: SettingsProps['failed'], status: 200 | 409 | 422 = 200) {
  c.var.em.clear();
  const s = await loadSettings(c.var.em);
  return c.html(
    <SettingsPage
      {...layoutProps(c)}
      {...s}
      formats={await documentFormats(c.var.em)}
      seller={await getSellerDetails(c.var.em)}
      hasLogo={(await getSellerLogo(c.var.em)) !== null}
      canWrite={canWrite(c.var.staff!.role)}
      failed={failed}
      saved={c.req.query('saved')?.slice(0, 40)}
    />,
    status,
  );
}

/** Each settings form posts here; success goes back to the page, failure re-renders it with the errors. */
function handler(form: string, label: string, action: (c: Context<Env>, values: Record<string, string | string[]>) => Promise<unknown>) {
  return async (c: Context<Env>) => {
    // A NUL in a field is refused next to it, what was typed kept (formInput), not with an error page.
    const { form: values, errors } = await formInput(c);
    const result = errors ? { ok: false as const, errors, status: 422 as const } : await attempt(() => action(c, values));
    if (result.ok) return redirectAfterPost(c, `/admin/settings?saved=${encodeURIComponent(label)}#${form}`);
    return render(c, { form, errors: result.errors, values }, result.status);
  };
}

export const settingsRoutes = new Hono<Env>()
  .get('/', (c) => render(c))
  .post(
    '/currencies',
    handler('currency', 'Currency', (c, v) => saveCurrency(c.var.em, v)),
  )
  .post(
    '/currencies/:code/delete',
    handler('remove', 'Currency', (c) => removeCurrency(c.var.em, (c.req.param('code') ?? '').toUpperCase())),
  )
  .post(
    '/languages',
    handler('language', 'Language', (c, v) => saveLanguage(c.var.em, v)),
  )
  .post(
    '/languages/:code/delete',
    handler('remove', 'Language', (c) => removeLanguage(c.var.em, c.req.param('code') ?? '')),
  )
  .post(
    '/tax-rates',
    handler('tax', 'Tax rate', (c, v) => saveTaxRate(c.var.em, v)),
  )
  .post(
    '/tax-rates/:country/delete',
    handler('remove', 'Tax rate', (c) => removeTaxRate(c.var.em, c.req.param('country') ?? '')),
  )
  // An unticked checkbox sends nothing: the form always carries every billing field, so absent means off.
  .post(
    '/billing',
    handler('billing', 'Billing settings', (c, v) => saveBillingSettings(c.var.em, { groupRenewals: '', ...v })),
  )
  .post(
    '/documents',
    handler('documents', 'Document numbers', async (c, v) => saveDocumentFormats(c.var.em, v, await documentFormats(c.var.em))),
  )
  .post(
    '/seller',
    handler('seller', 'Seller details', (c, v) => saveSellerDetails(c.var.em, v)),
  )
  .post('/logo', async (c) => {
    const form = await readForm(c);
    const bytes = form.remove === '1' ? null : form.logo instanceof File ? new Uint8Array(await form.logo.arrayBuffer()) : new Uint8Array();
    const result = await attempt(() => saveSellerLogo(c.var.em, bytes));
    if (result.ok) return redirectAfterPost(c, `/admin/settings?saved=Logo#seller`);
    return render(c, { form: 'logo', errors: result.errors, values: {} }, result.status);
  })
  // The stored logo, for the preview on this page.
  .get('/logo', async (c) => {
    const logo = await getSellerLogo(c.var.em);
    if (!logo) return c.body(null, 404);
    c.header('Cache-Control', 'private, no-cache');
    return c.body(new Uint8Array(logo.bytes), 200, { 'Content-Type': LOGO_MIME[logo.type] });
  });
