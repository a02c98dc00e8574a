import { Hono, type Context } from 'hono';
import { CouponEditPage, CouponList, CouponsPage, type CouponValues } from '../../../views/admin/coupons/index.tsx';
import { listPackageChoices } from '../../modules/catalog/list-package-choices.ts';
import { loadCoupons } from '../../modules/coupons/load-coupons.ts';
import { saveCoupon } from '../../modules/coupons/save-coupon.ts';
import { setCouponActive } from '../../modules/coupons/set-coupon-active.ts';
import { storeCurrencies } from '../../modules/settings/store-currencies.ts';
import { NotFound } from '../../modules/shared/errors.ts';
import { calendarDateOf } from '../../modules/shared/dates.ts';
import { canWrite } from '../../modules/staff/rules/roles.ts';
import { fields, isHtmx, nested, readForm, type FormData } from '../form.ts';
import { attempt, layoutProps, parseId, redirectAfterPost, type Errors } from '../respond.ts';
import type { Env } from '../types.ts';

/** The form as the action reads it: its fields, amounts by currency, ticked packages. */
function couponForm(form: FormData): Record<string, unknown> & { amounts: Record<string, string>; packageIds: string | string[] } {
  const f = fields(form);
  return { ...f, amounts: nested(form, 'amounts'), packageIds: f.packageIds ?? [] };
}

/** What was typed, to show again beside the errors. */
function echo(input: ReturnType<typeof couponForm>): CouponValues {
  const s = (k: string) => (typeof input[k] === 'string' ? input[k] : '');
  const ids = Array.isArray(input.packageIds) ? input.packageIds : [input.packageIds];
  const ticked = (k: string) => s(k) === '1' || s(k) === 'on';
  return {
    ...Object.fromEntries(
      ['code', 'kind', 'percent', 'duration', 'cycles', 'startsOn', 'endsOn', 'maxUses', 'maxUsesPerClient'].map((k) => [k, s(k)]),
    ),
    amounts: input.amounts,
    packageIds: ids.map(Number).filter((n) => Number.isSafeInteger(n) && n > 0),
    forOrders: ticked('forOrders'),
    forChanges: ticked('forChanges'),
    active: ticked('active'),
  };
}

async function formChoices(c: Context<Env>) {
  const [packages, stored] = await Promise.all([listPackageChoices(c.var.em), storeCurrencies(c.var.em)]);
  // One (cached) read gives the codes, default first, and each one's decimals.
  return { packages, currencies: stored.map((s) => s.code), minorUnits: Object.fromEntries(stored.map((s) => [s.code, s.minorUnits])) };
}

async function listPage(
  c: Context<Env>,
  extra: { values?: CouponValues; errors?: Errors; listErrors?: Errors } = {},
  status: 200 | 404 | 409 | 422 = 200,
) {
  const [coupons, choices] = await Promise.all([loadCoupons(c.var.em, 'all'), formChoices(c)]);
  const write = canWrite(c.var.staff!.role);
  if (isHtmx(c) && !extra.errors) {
    return c.html(
      <CouponList
        coupons={coupons}
        packageNames={new Map(choices.packages.map((p) => [p.id, p.name]))}
        csrfToken={c.var.csrfToken}
        canWrite={write}
        errors={extra.listErrors}
        minorUnits={choices.minorUnits}
        today={calendarDateOf(c.var.now)}
      />,
      status === 422 ? 422 : 200,
    );
  }
  return c.html(
    <CouponsPage {...layoutProps(c)} {...choices} coupons={coupons} today={calendarDateOf(c.var.now)} canWrite={write} {...extra} />,
    status,
  );
}

async function one(c: Context<Env>, id: number) {
  const [coupon] = await loadCoupons(c.var.em, { ids: [id] });
  if (!coupon) throw new NotFound('That coupon');
  return coupon;
}

/** Staff's coupons at /admin/coupons: the list with uses, create and edit forms, deactivation. */
export const couponRoutes = new Hono<Env>()
  .get('/', (c) => listPage(c))
  .post('/', async (c) => {
    const input = couponForm(await readForm(c));
    const result = await attempt(() => saveCoupon(c.var.em, undefined, input));
    if (result.ok) return redirectAfterPost(c, `/admin/coupons/${result.value.id}?saved=1`);
    return listPage(c, { values: echo(input), errors: result.errors }, 422);
  })
  .get('/:id', async (c) => {
    const coupon = await one(c, parseId(c.req.param('id')));
    return c.html(
      <CouponEditPage
        {...layoutProps(c)}
        {...await formChoices(c)}
        coupon={coupon}
        today={calendarDateOf(c.var.now)}
        canWrite={canWrite(c.var.staff!.role)}
        saved={c.req.query('saved') === '1'}
      />,
    );
  })
  .post('/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    const input = couponForm(await readForm(c));
    const result = await attempt(() => saveCoupon(c.var.em, id, input));
    if (result.ok) return redirectAfterPost(c, `/admin/coupons/${id}?saved=1`);
    const coupon = await one(c, id);
    return c.html(
      <CouponEditPage
        {...layoutProps(c)}
        {...await formChoices(c)}
        coupon={coupon}
        today={calendarDateOf(c.var.now)}
        values={echo(input)}
        errors={result.errors}
        canWrite
      />,
      result.status,
    );
  })
  .post('/:id/active', async (c) => {
    const active = fields(await readForm(c)).active === '1';
    const result = await attempt(() => setCouponActive(c.var.em, parseId(c.req.param('id')), active));
    if (!result.ok) return listPage(c, { listErrors: result.errors }, result.status);
    return isHtmx(c) ? listPage(c) : redirectAfterPost(c, '/admin/coupons');
  });
