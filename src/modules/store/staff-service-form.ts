import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { quoteLines, type OrderQuote } from '../orders/quote-lines.ts';
import { addServiceForClient, type AddedService } from '../services/add-service-for-client.ts';
import { packageAccountFields, type AccountField } from '../services/package-account-fields.ts';
import { addServiceInput, START_MODES, type StartMode } from '../services/staff-service.schemas.ts';
import { calendarDateOf } from '../shared/dates.ts';
import { DomainError, NotFound } from '../shared/errors.ts';
import { fieldErrors } from '../shared/validation.ts';
import { loadStorePackage } from './load-store-package.ts';
import { loadStoreViewer } from './load-store-viewer.ts';
import { pageOrderLines, readPageAddons, type StorePreview } from './preview-store-order.ts';
import { pageFields } from './rules/addon-choice.ts';
import { readChoice, storeField } from './rules/store-choice.ts';

// The staff admin's "Add a service" form for a client: the store's package page controls (the
// client's currency, prices and tax), and what only staff choose: a custom price, how it starts,
// the first renewal date, an existing account's plugin fields and the stock/limit override.

type Form = Record<string, string | string[]>;

export interface StaffServiceValues {
  customPrice: string;
  start: StartMode;
  nextDueDate: string;
  pluginData: Record<string, string>;
  overrideLimits: boolean;
  expectedTotal?: string;
}

export interface StaffServicePreview extends Omit<StorePreview, 'signedIn' | 'couponCode' | 'coupon'> {
  clientId: number;
  values: StaffServiceValues;
  /** The plugin's account fields, for recording an existing account. */
  accountFields: AccountField[];
}

const STAFF_FIELDS = new Set(['customPrice', 'start', 'nextDueDate', 'overrideLimits']);
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** A refusal's field as the staff form names it: its own fields as they are, the package page's as the store names them. */
function staffField(key: string): string {
  return STAFF_FIELDS.has(key) || key.startsWith('pluginData.') ? key : key === 'pluginData' ? 'pluginData' : storeField(key);
}

function readValues(form: Form): StaffServiceValues {
  const start = one(form.start);
  const pluginData: Record<string, string> = {};
  for (const [k, v] of Object.entries(form)) {
    const m = /^pluginData\[(.+)\]$/.exec(k);
    if (m) pluginData[m[1]!] = String(one(v) ?? '').slice(0, 600);
  }
  return {
    customPrice: String(one(form.customPrice) ?? '')
      .trim()
      .slice(0, 40),
    start: START_MODES.includes(start as StartMode) ? (start as StartMode) : 'invoice',
    nextDueDate: String(one(form.nextDueDate) ?? '')
      .trim()
      .slice(0, 20),
    pluginData,
    overrideLimits: ['1', 'on', 'true'].includes(String(one(form.overrideLimits) ?? '')),
    // The summary's total as the page showed it (none from a form without one).
    expectedTotal: String(one(form.expectedTotal) ?? '').trim() || undefined,
  };
}

async function staffPage(em: EntityManager, clientId: number, packageId: number, now: Date) {
  const row =
    Number.isSafeInteger(packageId) && packageId > 0
      ? await db(em).selectFrom('package').select('slug').where('id', '=', packageId).executeTakeFirst()
      : undefined;
  if (!row) throw new NotFound('That package');
  const viewer = await loadStoreViewer(em, clientId);
  if (viewer.clientId === null) throw new NotFound('That client');
  const { detail, page } = await loadStorePackage(em, row.slug, viewer, now, { staff: true });
  return { viewer, detail, page };
}

/** The staff input of a posted form, as POST /clients/{id}/services takes it. */
function inputOf(packageId: number, lines: ReturnType<typeof pageOrderLines>, values: StaffServiceValues, currency: string) {
  const [main, ...addons] = lines;
  return {
    ...main!,
    packageId,
    currency,
    addons: addons.map((a) => ({
      packageId: a.packageId,
      priceName: a.priceName,
      optionIds: a.optionIds,
      optionQuantities: a.optionQuantities,
      optionTexts: a.optionTexts,
      quantity: a.quantity,
    })),
    customPrice: values.customPrice,
    start: values.start,
    nextDueDate: values.start === 'invoice' ? undefined : values.nextDueDate,
    pluginData: values.start === 'existing' ? values.pluginData : {},
    overrideLimits: values.overrideLimits,
    expectedTotal: values.start === 'invoice' ? values.expectedTotal : undefined,
  };
}

/** A refusal of addServiceForClient, keyed by the form's fields (an add-on's under its own controls). */
function formFields(err: DomainError, picks: Parameters<typeof pageFields>[1]): Record<string, string> {
  const asLines = Object.fromEntries(
    Object.entries(err.fields).map(([k, v]) => [k.replace(/^addons\.(\d+)\./, (_m, n: string) => `lines.${Number(n) + 1}.`), v]),
  );
  return pageFields(asLines, picks, staffField);
}

/**
 * The form for one package with the price of the choice so far (the custom price applied), from
 * the same quoting checkout uses; every refusal comes back under its field and the page renders.
 */
export async function previewStaffService(
  em: EntityManager,
  input: { clientId: number; packageId: number; form?: Form; errors?: Record<string, string> },
  now: Date,
): Promise<StaffServicePreview> {
  const { viewer, detail, page } = await staffPage(em, input.clientId, input.packageId, now);
  const form = input.form ?? {};
  const { choice, errors } = readChoice(page, form, input.form !== undefined);
  const { addons, addonChoice } = await readPageAddons(em, page, choice, viewer, form, now);
  Object.assign(errors, addonChoice.errors);
  const values = readValues(form);
  const accountFields = await packageAccountFields(em, detail.id);
  let order: OrderQuote | null = null;
  if (page.prices.length && !Object.keys(errors).length) {
    const parsed = addServiceInput.shape.customPrice.safeParse(values.customPrice);
    if (!parsed.success) errors.customPrice = Object.values(fieldErrors(parsed.error))[0] ?? 'Enter an amount.';
    else {
      try {
        const lines = pageOrderLines(detail.id, choice, addonChoice).map((l, i) =>
          i === 0 && parsed.data !== undefined ? { ...l, customPrice: parsed.data } : l,
        );
        const client = { id: input.clientId, country: viewer.country, vatId: viewer.vatId, currency: viewer.currency.code };
        order = await quoteLines(em, client, lines, { today: calendarDateOf(now), single: false });
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        Object.assign(errors, formFields(err, addonChoice.picks));
      }
    }
  }
  return {
    clientId: input.clientId,
    page,
    choice,
    quote: order?.lines[0]?.quote ?? null,
    addons,
    addonChoice,
    order,
    values,
    accountFields,
    errors: { ...errors, ...input.errors },
  };
}

/** Adds the posted choice for the client; a refusal is thrown keyed by the form's fields. */
export async function addStaffServiceFromForm(
  em: EntityManager,
  input: { clientId: number; packageId: number; form: Form; actor: string },
  now: Date,
): Promise<AddedService> {
  const { viewer, detail, page } = await staffPage(em, input.clientId, input.packageId, now);
  const { choice, errors } = readChoice(page, input.form, true);
  if (Object.keys(errors).length) throw DomainError.fromFields(errors);
  const { addonChoice } = await readPageAddons(em, page, choice, viewer, input.form, now);
  if (Object.keys(addonChoice.errors).length) throw DomainError.fromFields(addonChoice.errors);
  const lines = pageOrderLines(detail.id, choice, addonChoice);
  const values = readValues(input.form);
  // NOTE: the page falls back to "invoice" to show a form; adding refuses a way it does not know rather than bill.
  const start = one(input.form.start);
  if (start !== undefined && !START_MODES.includes(start as StartMode))
    throw new DomainError('Choose how the service starts: invoice, activate or existing.', 'start');
  try {
    return await addServiceForClient(em, input.clientId, inputOf(detail.id, lines, values, viewer.currency.code), {
      actor: input.actor,
      now,
    });
  } catch (err) {
    if (err instanceof DomainError) throw DomainError.fromFields(formFields(err, addonChoice.picks));
    throw err;
  }
}
