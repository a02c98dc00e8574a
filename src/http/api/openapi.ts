import { z } from 'zod';
import {
  addonGroupInput,
  catalogInput,
  offeredAddonsInput,
  packageInput,
  packageOptionGroupsInput,
  packageOptionPricesInput,
  priceInput,
  provisioningInput,
  scalingInput,
  translationInput,
  variantGroupInput,
  variantOptionInput,
  variantOptionPriceInput,
  welcomeEmailFields,
} from '../../modules/catalog/catalog.schemas.ts';
import { listPackagesQuery } from '../../modules/catalog/list-packages.ts';
import { allowedPackagesInput, profileShape } from '../../modules/clients/clients.schemas.ts';
import { placeOrderInput, quoteRequestInput } from '../../modules/orders/orders.schemas.ts';
import { addServiceInput } from '../../modules/services/staff-service.schemas.ts';
import { manualInvoiceInput } from '../../modules/invoicing/rules/manual-invoice.ts';
import { listRunsQuery, previewInput, scheduleInput, startRunInput } from '../../modules/billing/billing.schemas.ts';
import { listInvoicesQuery } from '../../modules/invoicing/list-invoices.ts';
import { listCreditNotesQuery } from '../../modules/invoicing/list-credit-notes.ts';
import { refundInput } from '../../modules/invoicing/refund-invoice.ts';
import { listOrdersQuery } from '../../modules/orders/list-orders.ts';
import { changeChoiceInput, confirmChangeInput } from '../../modules/scaling/scaling.schemas.ts';
import { couponInput } from '../../modules/coupons/coupons.schemas.ts';
import { gatewaySettingsInput } from '../../modules/payments/save-gateway-settings.ts';
import { clientMessagesQuery } from '../../modules/mail/page-client-messages.ts';
import { billingSettingsInput, currencyInput, taxRateInput } from '../../modules/settings/settings.schemas.ts';
import { requestExamples } from './openapi-examples.ts';
import { responseExamples } from './openapi-response-examples.ts';

// The OpenAPI 3.1 document, generated from the same zod schemas the forms and routes validate with.

function schemaOf(schema: z.ZodType, partial = false): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  delete json.$schema;
  const props = (json.properties ?? {}) as Record<string, Record<string, unknown>>;
  // A field with a default is optional to send; PATCH bodies make every field optional.
  const required = ((json.required as string[] | undefined) ?? []).filter((k) => !partial && props[k] && !('default' in props[k]));
  if (required.length) json.required = required;
  else delete json.required;
  return json;
}

const optionWithPrices = variantOptionInput.extend({ prices: z.array(variantOptionPriceInput).optional() });

/**
 * The zod schema behind each request body component, as the route validates it; `true` marks a
 * PATCH body, whose fields are all optional (what is left out keeps its value).
 */
export const requestSchemas: Record<string, [z.ZodType, boolean?]> = {
  CatalogInput: [catalogInput],
  RefundInput: [refundInput],
  GatewaySettingsInput: [gatewaySettingsInput],
  CatalogPatch: [catalogInput, true],
  PackageInput: [packageInput],
  PackagePatch: [packageInput, true],
  PriceInput: [priceInput],
  PricePatch: [priceInput, true],
  VariantGroupInput: [variantGroupInput],
  VariantOptionInput: [optionWithPrices],
  ProvisioningInput: [provisioningInput],
  ScalingInput: [scalingInput],
  AddonGroupInput: [addonGroupInput],
  AddonGroupPatch: [addonGroupInput, true],
  CouponInput: [couponInput],
  CouponPatch: [couponInput, true],
  OfferedAddonGroupsInput: [offeredAddonsInput],
  PackageOptionGroupsInput: [packageOptionGroupsInput],
  PackageOptionPricesInput: [packageOptionPricesInput],
  WelcomeEmailInput: [welcomeEmailFields.omit({ language: true })],
  TranslationInput: [translationInput.omit({ language: true })],
  ClientInput: [profileShape],
  ClientPatch: [profileShape, true],
  AllowedPackagesInput: [allowedPackagesInput],
  QuoteRequest: [quoteRequestInput],
  OrderInput: [placeOrderInput],
  ClientServiceInput: [addServiceInput],
  ManualInvoiceInput: [manualInvoiceInput],
  StartRunInput: [startRunInput],
  ServiceChangeInput: [changeChoiceInput],
  ServiceChangeConfirm: [confirmChangeInput],
  CurrencyInput: [currencyInput],
  CurrencyPatch: [currencyInput.omit({ code: true }), true],
  TaxRateInput: [taxRateInput],
  TaxRatePatch: [taxRateInput.omit({ country: true }), true],
  BillingSettingsPatch: [billingSettingsInput, true],
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const ok = (description: string, status = '200') => ({
  [status]: { description, content: { 'application/json': { schema: { type: 'object', properties: { data: {} } } } } },
});
const errors = {
  '401': { description: 'No or invalid token', content: { 'application/json': { schema: ref('Error') } } },
  '403': { description: 'The token belongs to a read-only (support) account', content: { 'application/json': { schema: ref('Error') } } },
  '404': { description: 'Not found', content: { 'application/json': { schema: ref('Error') } } },
  '409': {
    description: 'Refused because of the current state (e.g. a package in use)',
    content: { 'application/json': { schema: ref('Error') } },
  },
  '422': { description: 'Invalid input; `fields` names each bad field', content: { 'application/json': { schema: ref('Error') } } },
};
/** A JSON request body of a component schema, with its example (one per schema, in openapi-examples.ts). */
const body = (name: string, required = true) => ({
  required,
  content: { 'application/json': { schema: ref(name), example: requestExamples[name] } },
});
const idParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'integer', minimum: 1 } });
const pdf = (description: string) => ({
  '200': {
    description,
    headers: {
      'Content-Disposition': {
        schema: { type: 'string' },
        description: 'attachment; filename="invoice-<number>.pdf" (credit-note-<number>.pdf for a credit note)',
      },
    },
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  },
});
const op = (summary: string, extra: Record<string, unknown> = {}, responses: Record<string, unknown> = ok(summary)) => ({
  summary,
  ...extra,
  responses: { ...responses, ...errors },
});

const word = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

/** A stable operationId from the method and path (GET /packages/{id}/prices -> getPackagesByIdPrices), unique as the paths are. */
function operationIdOf(method: string, path: string) {
  return (
    method +
    path
      .split('/')
      .filter(Boolean)
      .map((seg) => (seg.startsWith('{') ? `By${word(seg.slice(1, -1))}` : word(seg)))
      .join('')
  );
}

/** Each operation gets its operationId and its resource's tag (the path's first segment). */
function withIds(paths: Record<string, Record<string, unknown>>) {
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (method === 'parameters') continue;
      Object.assign(operation as object, { operationId: operationIdOf(method, path), tags: [path.split('/')[1]!] });
    }
  }
  return paths;
}

type Responses = Record<string, { content?: Record<string, { example?: unknown }> }>;

/** The operation's main answer: its 200, 201 or 202 JSON response. */
function mainJsonResponse(responses: Responses) {
  const main = responses['200'] ?? responses['201'] ?? responses['202'];
  return main?.content?.['application/json'];
}

/** The lists that answer with `meta`: their GET's 200 has `data` (an array) and `meta`. */
const PAGED_LISTS = [
  '/packages',
  '/clients',
  '/clients/{id}/messages',
  '/orders',
  '/invoices',
  '/credit-notes',
  '/billing/runs',
  '/services',
];

function withPaging(paths: Record<string, Record<string, unknown>>) {
  for (const path of PAGED_LISTS) {
    const media = mainJsonResponse((paths[path]!.get as { responses: Responses }).responses)!;
    Object.assign(media, { schema: { type: 'object', properties: { data: { type: 'array', items: {} }, meta: ref('PageMeta') } } });
  }
  return paths;
}

/** Each operation's main JSON answer gets its recorded example (openapi-response-examples.ts). */
function withResponseExamples(paths: Record<string, Record<string, unknown>>) {
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (method === 'parameters') continue;
      const media = mainJsonResponse((operation as { responses: Responses }).responses);
      const example = responseExamples[`${method} ${path}`];
      if (media && example !== undefined) media.example = example;
    }
  }
  return paths;
}

const tagDescriptions: Record<string, string> = {
  catalogs: 'Storefront catalogs',
  'addon-groups': 'Add-on groups',
  coupons: 'Coupons',
  packages: 'Packages, prices and options',
  'option-groups': 'Shared configurable option groups',
  clients: 'Clients',
  messages: 'Emails sent to clients',
  quotes: 'Pricing a choice as checkout would',
  orders: 'Orders',
  invoices: 'Invoices, payments and refunds',
  'credit-notes': 'Credit notes',
  billing: 'Billing runs and previews',
  services: 'Services',
  gateways: 'Payment gateways',
  plugins: 'Provisioning plugins',
  'plugin-instances': 'Configured plugin instances',
  settings: 'Currencies, exchange rates, tax rates and billing settings',
};

export function openApiDocument() {
  const doc = buildDocument();
  withIds(doc.paths);
  withPaging(doc.paths);
  withResponseExamples(doc.paths);
  return { ...doc, tags: Object.entries(tagDescriptions).map(([name, description]) => ({ name, description })) };
}

function buildDocument() {
  const pkg = [idParam('id')];
  const queryOf = (schema: z.ZodType) =>
    Object.entries((schemaOf(schema).properties ?? {}) as Record<string, unknown>).map(([name, schema]) => ({
      name,
      in: 'query',
      required: false,
      schema,
    }));
  const listParams = Object.entries((schemaOf(listPackagesQuery).properties ?? {}) as Record<string, unknown>).map(([name, schema]) => ({
    name,
    in: 'query',
    required: false,
    schema,
  }));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Hostbill staff API',
      version: '1',
      license: { name: 'Proprietary', url: 'https://example.com/license' },
      description:
        'Catalogs, add-on groups, packages, clients, quotes, orders, invoices and services. Authenticate with `Authorization: Bearer <token>` (npm run cli -- token:create --email ...).',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['status', 'message'],
              properties: {
                status: { type: 'integer' },
                message: { type: 'string' },
                fields: { type: 'object', additionalProperties: { type: 'string' } },
              },
            },
          },
        },
        ...Object.fromEntries(Object.entries(requestSchemas).map(([name, [schema, partial]]) => [name, schemaOf(schema, partial)])),
        PageMeta: {
          type: 'object',
          required: ['total', 'page', 'pages'],
          properties: {
            total: { type: 'integer', description: 'Every match, over all pages' },
            page: { type: 'integer' },
            perPage: { type: 'integer' },
            pages: { type: 'integer' },
            totals: {
              type: 'array',
              description: 'Per currency, over every match (orders, invoices, credit notes)',
              items: {
                type: 'object',
                properties: {
                  currency: { type: 'string' },
                  minorUnits: { type: 'integer', description: "The currency's decimals (orders and invoices)" },
                  count: { type: 'integer' },
                  total: { type: 'string', description: 'Leaves out void invoices and cancelled orders' },
                  amountDue: { type: 'string' },
                  uncounted: { type: 'integer', description: 'Of count, the void invoices or cancelled orders the sums leave out' },
                },
              },
            },
          },
        },
        MoveInput: {
          type: 'object',
          required: ['direction'],
          properties: { direction: { type: 'string', enum: ['up', 'down'] } },
        },
        MarkPaidInput: {
          type: 'object',
          properties: {
            reference: {
              type: 'string',
              maxLength: 120,
              description: 'The bank reference; defaults to the invoice id, so marking twice records one payment.',
            },
          },
        },
      },
    },
    paths: {
      '/catalogs': {
        get: op('List catalogs'),
        post: op('Create a catalog', { requestBody: body('CatalogInput') }, ok('The new catalog', '201')),
      },
      '/catalogs/{id}': {
        parameters: [idParam('id')],
        get: op('Get a catalog'),
        patch: op('Change a catalog', { requestBody: body('CatalogPatch') }),
        delete: op('Delete an empty catalog', {}, { '204': { description: 'Deleted' } }),
      },
      '/catalogs/{id}/move': {
        parameters: [idParam('id')],
        post: op('Move a catalog up or down the storefront order', {
          requestBody: body('MoveInput'),
        }),
      },
      '/addon-groups': {
        get: op('List add-on groups with their packages and the packages offering them'),
        post: op('Create an add-on group', { requestBody: body('AddonGroupInput') }, ok('The new add-on group', '201')),
      },
      '/addon-groups/{id}': {
        parameters: [idParam('id')],
        get: op('Get an add-on group'),
        patch: op('Change an add-on group (name, names by language, packages)', { requestBody: body('AddonGroupPatch') }),
        delete: op('Delete an add-on group (add-ons already sold keep running)', {}, { '204': { description: 'Deleted' } }),
      },
      '/addon-groups/{id}/move': {
        parameters: [idParam('id')],
        post: op('Move an add-on group up or down the store order', {
          requestBody: body('MoveInput'),
        }),
      },
      '/coupons': {
        get: op('List coupons with their uses'),
        post: op(
          'Create a coupon (code unique whatever its case; a percentage, or a fixed amount per currency)',
          { requestBody: body('CouponInput') },
          ok('The new coupon', '201'),
        ),
      },
      '/coupons/{id}': {
        parameters: [idParam('id')],
        get: op('Get a coupon'),
        patch: op('Change a coupon (fields left out keep their values; `active: false` deactivates it)', {
          requestBody: body('CouponPatch'),
        }),
        delete: op('Delete a coupon never used (a used one is refused with 409: deactivate it)', {}, { '204': { description: 'Deleted' } }),
      },
      '/packages': {
        get: op('List packages', { parameters: listParams }),
        post: op('Create a package', { requestBody: body('PackageInput') }, ok('The new package', '201')),
      },
      '/packages/{id}': {
        parameters: pkg,
        get: op('Get a package with its prices, variants, provisioning, scaling targets, translations and welcome emails'),
        patch: op('Change a package summary', { requestBody: body('PackagePatch') }),
        delete: op('Delete a package no service uses', {}, { '204': { description: 'Deleted' } }),
      },
      '/packages/{id}/duplicate': { parameters: pkg, post: op('Copy a package (the copy starts hidden)', {}, ok('The copy', '201')) },
      '/packages/{id}/prices': { parameters: pkg, post: op('Add a price', { requestBody: body('PriceInput') }, ok('The package', '201')) },
      '/packages/{id}/prices/{priceId}': {
        parameters: [...pkg, idParam('priceId')],
        patch: op('Change a price (renaming renames the matching option prices of groups no other package uses)', {
          requestBody: body('PricePatch'),
        }),
        delete: op('Remove a price'),
      },
      '/packages/{id}/variant-groups': {
        parameters: pkg,
        post: op(
          'Add an option group, shared from then on, used by this package',
          { requestBody: body('VariantGroupInput') },
          ok('The package', '201'),
        ),
      },
      '/packages/{id}/variant-groups/{groupId}': {
        parameters: [...pkg, idParam('groupId')],
        patch: op('Rename one of this package’s option groups (for every package using it)', { requestBody: body('VariantGroupInput') }),
        delete: op('Stop using an option group (deleted when no package uses it any more)'),
      },
      '/packages/{id}/variant-groups/{groupId}/options': {
        parameters: [...pkg, idParam('groupId')],
        post: op('Add an option with its prices', { requestBody: body('VariantOptionInput') }, ok('The package', '201')),
      },
      '/packages/{id}/variant-groups/{groupId}/options/{optionId}': {
        parameters: [...pkg, idParam('groupId'), idParam('optionId')],
        patch: op('Change an option; `prices`, when sent, replaces its prices', { requestBody: body('VariantOptionInput') }),
        delete: op('Remove an option'),
      },
      '/packages/{id}/provisioning': {
        parameters: pkg,
        put: op('Set the plugin instance and per-package options', { requestBody: body('ProvisioningInput') }),
      },
      '/packages/{id}/scaling': {
        parameters: pkg,
        put: op('Set the packages this one can be scaled to', { requestBody: body('ScalingInput') }),
      },
      '/option-groups': { get: op('List the configurable option groups, with their options and the packages using each') },
      '/packages/{id}/option-groups': {
        parameters: pkg,
        put: op('Set the shared option groups this package uses, in order (a new group is made with POST /packages/{id}/variant-groups)', {
          requestBody: body('PackageOptionGroupsInput'),
        }),
      },
      '/packages/{id}/options/{optionId}/prices': {
        parameters: [...pkg, idParam('optionId')],
        put: op(
          'Set this package’s own prices for an option of a group it uses (over the group’s, by price name and currency); an empty list goes back to the group’s',
          { requestBody: body('PackageOptionPricesInput') },
        ),
      },
      '/packages/{id}/addon-groups': {
        parameters: pkg,
        put: op('Set the add-on groups offered with this package', { requestBody: body('OfferedAddonGroupsInput') }),
      },
      '/packages/{id}/welcome-emails/{language}': {
        parameters: [...pkg, { name: 'language', in: 'path', required: true, schema: { type: 'string' } }],
        put: op('Set the welcome email for a language', { requestBody: body('WelcomeEmailInput') }),
      },
      '/packages/{id}/translations/{language}': {
        parameters: [...pkg, { name: 'language', in: 'path', required: true, schema: { type: 'string' } }],
        put: op('Set the name and description for a language', { requestBody: body('TranslationInput') }),
      },
      '/clients': {
        get: op('List clients (q, page)'),
        post: op(
          'Create a client and email them a link to set a password',
          { requestBody: body('ClientInput') },
          ok('The new client', '201'),
        ),
      },
      '/clients/{id}': {
        parameters: [idParam('id')],
        get: op('Get a client'),
        patch: op('Change a client profile', { requestBody: body('ClientPatch') }),
      },
      '/clients/{id}/services': {
        parameters: [idParam('id')],
        post: op(
          'Add a package to a client (staff)',
          {
            description:
              '`start` is `invoice` (the ordinary order and invoice), `activate` (services provisioned now, no invoice, first renewal on `nextDueDate`) or `existing` (an account already on a server, recorded active with `pluginData`, never sent to the plugin). Any package status; stock and per-user limits hold unless `overrideLimits`. `customPrice` replaces the price for this service and its renewals.',
            requestBody: body('ClientServiceInput'),
          },
          ok('The order, its invoice (null unless `invoice`) and the services made now', '201'),
        ),
      },
      '/clients/{id}/invoices': {
        parameters: [idParam('id')],
        post: op(
          "Invoice a client for lines of their own (a setup job, support hours, a discount line with a negative amount): in the client's currency (amounts in its decimals), each line taxed at the client's rate when `taxable` (or reverse charge), numbered at once, due on `dueDate` (today or later; today when left out), and emailed with its PDF unless `sendEmail` is false. The lines must add up to more than zero. Answers with the invoice",
          { requestBody: body('ManualInvoiceInput') },
          ok('The invoice', '201'),
        ),
      },
      '/clients/{id}/messages': {
        parameters: [idParam('id')],
        get: op(
          'The emails to a client, newest first (page, perPage): when, what (kind), to, subject, status, the SMTP answer or the last error, tries',
          { parameters: queryOf(clientMessagesQuery) },
        ),
      },
      '/messages/{id}/resend': {
        parameters: [idParam('id')],
        post: op(
          'Send a stored email again: a copy (same address, subject, text, HTML, attachments), sent once through the mail queue; each request is a new email. Answers with the copy (id) and its address (to)',
          {},
          ok('Queued', '202'),
        ),
      },
      '/clients/{id}/allowed-packages': {
        parameters: [idParam('id')],
        put: op('Set the restricted packages this client may order', { requestBody: body('AllowedPackagesInput') }),
      },
      '/quotes': {
        post: op('Price a choice exactly as checkout would: lines, totals, first renewal date (orderDate may back-date)', {
          requestBody: body('QuoteRequest'),
        }),
      },
      '/orders': {
        get: op(
          'List orders, newest first: search q (order id, client name or email), clientId, status, created from/to (dates, inclusive), page, perPage; each with its invoice id, status, total and amount due; each with minorUnits (the decimals of its currency); meta has total, page, perPage, pages and totals per currency (minorUnits, count, invoice total, amountDue) over every match',
          { parameters: queryOf(listOrdersQuery) },
        ),
        post: op(
          'Place an order for a client: order, invoice and stock reservation in one transaction',
          { requestBody: body('OrderInput') },
          ok('The order and its invoice', '201'),
        ),
      },
      '/orders/{id}': { parameters: [idParam('id')], get: op('Get an order') },
      '/invoices': {
        get: op(
          'List invoices, newest first: search q (invoice id, client name or email), clientId, status, gateway (of a payment), created from/to (dates, inclusive), overdue (unpaid and due before today), page, perPage; each with minorUnits (the decimals of its currency); meta has total, page, perPage, pages and totals per currency (minorUnits, count, total, amountDue) over every match',
          { parameters: queryOf(listInvoicesQuery) },
        ),
      },
      '/invoices/{id}': {
        parameters: [idParam('id')],
        get: op(
          'Get an invoice: lines (kind, description, amount, service id, period start and end), subtotal, tax, total, creditApplied, amountDue, status, dates and payments; refunds (negative amounts: destination gateway, manual or credit, status pending, succeeded or failed, who, credit note number), creditNotes, refundable (what is left to refund) and refundChoices (each way a refund can go now, with its most)',
        ),
      },
      '/invoices/{id}/refunds': {
        parameters: [idParam('id')],
        post: op(
          "Refund a paid invoice in full or in part: amount (at most what is left, in the currency's decimals), destination (gateway: back through the payment's gateway when it can refund; manual: paid back by bank transfer, for bank transfers; credit: the client's balance in the invoice's currency), endServices (terminate what the invoice paid for), reason. Answers with the refund (status succeeded, or failed with 409 when the gateway refused), its credit note number and the invoice",
          { requestBody: body('RefundInput') },
          ok('The refund and the invoice', '201'),
        ),
      },
      '/invoices/{id}/refunds/{refundId}/retry': {
        parameters: [idParam('id'), idParam('refundId')],
        post: op(
          'Ask the gateway again about a refund left pending (at least 10 minutes after it was made), with its idempotency key: it ends succeeded with its credit note, or failed (409); 409 too while the gateway may still be answering or when the refund is not pending',
        ),
      },
      '/invoices/{id}/pdf': {
        parameters: [idParam('id')],
        get: op(
          'The invoice as an A4 PDF (application/pdf, as an attachment named invoice-<number>.pdf), printed from its stored lines, totals, payments, refunds and credit notes',
          {},
          pdf('The PDF'),
        ),
      },
      '/invoices/{id}/resend': {
        parameters: [idParam('id')],
        post: op(
          'Email the invoice to its client again: a summary, the link to pay it and its PDF attached, sent once through the mail queue (each request is a new email; a draft is refused with 409). Answers with the address (to) and the queued email (mailId)',
          {},
          ok('Queued', '202'),
        ),
      },
      '/credit-notes/{id}/pdf': {
        parameters: [idParam('id')],
        get: op('A credit note as an A4 PDF (application/pdf, an attachment named credit-note-<number>.pdf)', {}, pdf('The PDF')),
      },
      '/credit-notes': {
        get: op(
          'List credit notes, newest first: search q (number, client name or email), clientId, invoiceId, issued from/to, page, perPage; meta has total, page, perPage, pages and totals per currency (count, total)',
          { parameters: queryOf(listCreditNotesQuery) },
        ),
      },
      '/billing/runs': {
        get: op('List billing runs, newest first: trigger, as-of date, status, services scanned, invoices made, failures', {
          parameters: queryOf(listRunsQuery),
        }),
        post: op(
          'Start a billing run for asOf (default today); its batches run on the workers',
          { requestBody: body('StartRunInput', false) },
          ok('The new run', '201'),
        ),
      },
      '/billing/runs/{id}': {
        parameters: [idParam('id')],
        get: op('Get a billing run with its batches and its failures (service, client, package, reason)'),
      },
      '/billing/runs/{id}/retry': {
        parameters: [idParam('id')],
        post: op('Retry a finished run: a new run for the same date; the old failures are marked retried', {}, ok('The new run', '201')),
      },
      '/billing/preview': {
        get: op(
          "What the runs will invoice on each day of [from, from + days): invoices, services, periods and, per currency, subtotal (before tax), tax and total (tax at the client's current rate, before account credit)",
          { parameters: queryOf(previewInput) },
        ),
      },
      '/services/{id}/schedule': {
        parameters: [idParam('id')],
        get: op('The next N periods of a service (periods, 1-60, default 12): start, end, invoice date and amount before tax', {
          parameters: queryOf(scheduleInput),
        }),
      },
      '/services/{id}/change-package/preview': {
        parameters: [idParam('id')],
        post: op(
          'Preview moving a service to a package in its package’s scalable-to list, today: the credit of the unused days and the charge at the new price (4-decimal lines), net, tax, total, outcome (invoice, credit or none), period and next due date. Give priceName or priceId, and the options (optionIds, optionQuantities and optionTexts by group id). With the service’s own packageId and price name it previews a change of its upgradable options instead: the other groups keep what the service has.',
          { requestBody: body('ServiceChangeInput') },
        ),
      },
      '/services/{id}/change-package/confirm': {
        parameters: [idParam('id')],
        post: op(
          'Confirm a previewed change: expectedNet, expectedTotal (tax included), expectedCurrency and effectiveDate, all required, must match a preview made today (else 409: preview again; also 409 when another change of the service was confirmed meanwhile). expectedChoice, the preview’s choiceKey, is optional: when sent, another package, price or options than that preview’s is refused (409) even at the same amounts. A positive total raises an invoice due today and the change applies when it is paid; otherwise it applies at once and a credit goes to the client balance.',
          { requestBody: body('ServiceChangeConfirm') },
          ok('The change (id, status, invoiceId) with the amounts confirmed', '201'),
        ),
      },
      '/invoices/{id}/void': {
        parameters: [idParam('id')],
        post: op(
          "Void an unpaid invoice: an order's cancels the order (units released), a renewal's periods are billed again, a package change's is cancelled, applied credit returns; 409 for an invoice no longer unpaid or of another kind",
        ),
      },
      '/invoices/{id}/mark-paid': {
        parameters: [idParam('id')],
        post: op('Record a bank transfer (idempotent per reference)', {
          requestBody: body('MarkPaidInput', false),
        }),
      },
      '/services': { get: op('List services (q, status, clientId, page)') },
      '/services/{id}': { parameters: [idParam('id')], get: op('Get a service with its status history') },
      '/services/{id}/{action}': {
        parameters: [
          idParam('id'),
          { name: 'action', in: 'path', required: true, schema: { type: 'string', enum: ['suspend', 'unsuspend', 'terminate', 'retry'] } },
        ],
        post: op('Suspend, unsuspend or terminate through the plugin, or retry provisioning'),
      },
      '/gateways': {
        get: op(
          'Payment gateways in the order clients see them: on or off, currencies, mode (test or live), settings (secrets never included, `savedSecrets` names those stored) and `settingsFields`',
        ),
      },
      '/gateways/{key}': {
        parameters: [{ name: 'key', in: 'path', required: true, schema: { type: 'string', enum: ['credit', 'stripe', 'manual', 'test'] } }],
        get: op('One payment gateway'),
        put: op(
          'Turn a gateway on or off, limit it to currencies (none: all) and save its settings; a secret left blank keeps the stored one',
          { requestBody: body('GatewaySettingsInput') },
        ),
      },
      '/gateways/{key}/move': {
        parameters: [{ name: 'key', in: 'path', required: true, schema: { type: 'string', enum: ['credit', 'stripe', 'manual', 'test'] } }],
        post: op('Move a gateway up or down in the order clients see them', { requestBody: body('MoveInput') }),
      },
      '/gateways/{key}/test': {
        parameters: [{ name: 'key', in: 'path', required: true, schema: { type: 'string', enum: ['credit', 'stripe', 'manual', 'test'] } }],
        post: op('Check the saved settings against the gateway (`ok`, `message`)'),
      },
      '/settings/currencies': {
        get: op('List currencies, default first, with their exchange rates (units per unit of the default)'),
        post: op(
          'Add a currency (409 if the code exists); isDefault makes it the default, with a rate of 1',
          { requestBody: body('CurrencyInput') },
          ok('The new currency', '201'),
        ),
      },
      '/settings/currencies/{code}': {
        parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z]{3}$' } }],
        get: op('Get a currency'),
        patch: op('Change a currency: name, decimals, rate, or make it the default (fields left out keep their values)', {
          requestBody: body('CurrencyPatch'),
        }),
        delete: op('Remove a currency no price uses (never the default: 409)', {}, { '204': { description: 'Removed' } }),
      },
      '/settings/tax-rates': {
        get: op('List tax rates by country'),
        post: op(
          'Add a country tax rate (percent; 409 if the country has one)',
          { requestBody: body('TaxRateInput') },
          ok('The new tax rate', '201'),
        ),
      },
      '/settings/tax-rates/{country}': {
        parameters: [{ name: 'country', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z]{2}$' } }],
        get: op('Get a country tax rate'),
        patch: op('Change a country tax rate', { requestBody: body('TaxRatePatch') }),
        delete: op('Delete a country tax rate', {}, { '204': { description: 'Deleted' } }),
      },
      '/settings/billing': {
        get: op('The billing settings'),
        patch: op('Change the billing settings (fields left out keep their values)', { requestBody: body('BillingSettingsPatch') }),
      },
      '/plugins': { get: op('Installed provisioning plugins with their settings and option schemas') },
      '/plugin-instances': { get: op('Configured plugin instances (secrets never included)') },
    },
  };
}
