import type { LoadedCoupon } from '../../../src/modules/coupons/load-coupons.ts';
import { percentText } from '../../../src/modules/coupons/rules/discount.ts';
import { couponStanding } from '../../../src/modules/coupons/rules/coupon-terms.ts';
import type { CalendarDate } from '../../../src/modules/shared/dates.ts';
import { formatAmount, formatMoney, fromDecimalString } from '../../../src/modules/shared/money.ts';
import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';
import { Csrf, FormErrors, type Errors } from '../../components/form.tsx';
import { CouponForm, type CouponFormChoices, type CouponValues } from './form.tsx';

export type { CouponValues } from './form.tsx';

/** "10% off", "5.00 USD / 500 JPY off": each amount with its currency's decimals. */
export function discountText(c: Pick<LoadedCoupon, 'kind' | 'percent' | 'amounts'>, minorUnits: Record<string, number>): string {
  if (c.kind === 'percent') return `${percentText(c.percent ?? '0')}% off`;
  return `${Object.entries(c.amounts)
    .map(([cur, a]) => formatMoney(fromDecimalString(a), cur, minorUnits[cur] ?? 2))
    .join(' / ')} off`;
}

export function durationText(c: Pick<LoadedCoupon, 'duration' | 'cycles'>): string {
  if (c.duration === 'forever') return 'every invoice';
  if (c.duration === 'once') return 'first invoice';
  return `${c.cycles} billing cycles`;
}

/** A stored coupon as the form shows it. */
export function couponValues(c: LoadedCoupon): CouponValues {
  const tidy = (a: string) => formatAmount(fromDecimalString(a));
  return {
    code: c.code,
    kind: c.kind,
    percent: c.percent === null ? '' : percentText(c.percent),
    amounts: Object.fromEntries(Object.entries(c.amounts).map(([k, a]) => [k, tidy(a)])),
    duration: c.duration,
    cycles: c.cycles === null ? '' : String(c.cycles),
    packageIds: [...c.packageIds],
    startsOn: c.startsOn ?? '',
    endsOn: c.endsOn ?? '',
    maxUses: c.maxUses === null ? '' : String(c.maxUses),
    maxUsesPerClient: c.maxUsesPerClient === null ? '' : String(c.maxUsesPerClient),
    forOrders: c.forOrders,
    forChanges: c.forChanges,
    active: c.active,
  };
}

/** Where the coupon stands today: usable, or why not (switched off, not started, past its last day, used up). */
export function CouponStandingBadge(props: { coupon: LoadedCoupon; today: CalendarDate }) {
  const c = props.coupon;
  switch (couponStanding(c, props.today)) {
    case 'active':
      return <span class="badge ok">active</span>;
    case 'inactive':
      return <span class="badge">inactive</span>;
    case 'scheduled':
      return <span class="badge warn">from {c.startsOn}</span>;
    case 'expired':
      return <span class="badge bad">expired</span>;
    case 'used-up':
      return <span class="badge bad">used up</span>;
  }
}

function ActiveButton(props: { coupon: LoadedCoupon; csrfToken: string | null }) {
  const c = props.coupon;
  const action = `/admin/coupons/${c.id}/active`;
  return (
    <form
      method="post"
      action={action}
      class="inline"
      hx-post={action}
      hx-target="#coupon-list"
      hx-swap="outerHTML"
      hx-confirm={
        c.active ? `Deactivate ${c.code}? It can no longer be entered; services renewing with it keep their discount.` : undefined
      }
    >
      <Csrf token={props.csrfToken} />
      <input type="hidden" name="active" value={c.active ? '0' : '1'} />
      <button class={`small${c.active ? ' danger' : ''}`}>{c.active ? 'Deactivate' : 'Activate'}</button>
    </form>
  );
}

export function CouponList(props: {
  coupons: LoadedCoupon[];
  /** The seller's today: a coupon past its last day shows as expired. */
  today: CalendarDate;
  packageNames: Map<number, string>;
  csrfToken: string | null;
  canWrite: boolean;
  errors?: Errors;
  minorUnits: Record<string, number>;
}) {
  return (
    <div id="coupon-list">
      <FormErrors errors={props.errors} />
      <table class="table">
        <caption class="sr-only">Coupons</caption>
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col">Discount</th>
            <th scope="col">Packages</th>
            <th scope="col">Valid</th>
            <th scope="col" class="num">
              Uses
            </th>
            <th scope="col">Status</th>
            <th scope="col">
              <span class="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.coupons.map((c) => (
            <tr id={`coupon-${c.id}`}>
              <td>
                <a href={`/admin/coupons/${c.id}`}>{c.code}</a>
              </td>
              <td>
                {discountText(c, props.minorUnits)}, {durationText(c)}
              </td>
              <td>
                {c.packageIds.length ? (
                  c.packageIds.map((id) => props.packageNames.get(id) ?? `#${id}`).join(', ')
                ) : (
                  <span class="muted">all</span>
                )}
              </td>
              <td class="nowrap">
                {c.startsOn || c.endsOn ? `${c.startsOn ?? '…'} to ${c.endsOn ?? '…'}` : <span class="muted">always</span>}
              </td>
              <td class="num">
                {c.uses} / {c.maxUses ?? '∞'}
              </td>
              <td>
                <CouponStandingBadge coupon={c} today={props.today} />
              </td>
              <td class="nowrap">{props.canWrite && <ActiveButton coupon={c} csrfToken={props.csrfToken} />}</td>
            </tr>
          ))}
          {props.coupons.length === 0 && (
            <tr>
              <td colspan={7} class="empty">
                No coupons yet. Create the first one below.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

type ListProps = PageProps &
  CouponFormChoices & {
    coupons: LoadedCoupon[];
    today: CalendarDate;
    canWrite: boolean;
    values?: CouponValues;
    errors?: Errors;
    listErrors?: Errors;
  };

export function CouponsPage(props: ListProps) {
  const names = new Map(props.packages.map((p) => [p.id, p.name]));
  return (
    <AdminLayout {...props} title="Coupons" active="coupons">
      <h1>Coupons</h1>
      <p class="lead">
        Codes clients enter at checkout or in the cart for a percentage or a fixed amount off, before tax, for the first invoice, a number
        of billing cycles or for good.
      </p>
      <CouponList
        coupons={props.coupons}
        packageNames={names}
        csrfToken={props.csrfToken ?? null}
        canWrite={props.canWrite}
        errors={props.listErrors}
        minorUnits={props.minorUnits}
        today={props.today}
      />
      {props.canWrite && (
        <section class="card" id="new-coupon">
          <h2>New coupon</h2>
          <CouponForm
            csrfToken={props.csrfToken ?? null}
            action="/admin/coupons"
            values={props.values}
            errors={props.errors}
            submit="Create coupon"
            packages={props.packages}
            currencies={props.currencies}
          />
        </section>
      )}
    </AdminLayout>
  );
}

export function CouponEditPage(
  props: PageProps &
    CouponFormChoices & {
      coupon: LoadedCoupon;
      today: CalendarDate;
      canWrite: boolean;
      values?: CouponValues;
      errors?: Errors;
      saved?: boolean;
    },
) {
  const c = props.coupon;
  return (
    <AdminLayout {...props} title={c.code} active="coupons">
      <p class="crumbs">
        <a href="/admin/coupons">Coupons</a> /
      </p>
      <h1>{c.code}</h1>
      {props.saved && (
        <div class="notice ok" role="status">
          Coupon saved.
        </div>
      )}
      <p>
        Used {c.uses} {c.uses === 1 ? 'time' : 'times'}
        {c.maxUses !== null ? ` of ${c.maxUses}` : ''}. {discountText(c, props.minorUnits)}, {durationText(c)}.{' '}
        <CouponStandingBadge coupon={c} today={props.today} />
      </p>
      <section class="card">
        {props.canWrite ? (
          <CouponForm
            csrfToken={props.csrfToken ?? null}
            action={`/admin/coupons/${c.id}`}
            values={props.values ?? couponValues(c)}
            errors={props.errors}
            submit="Save coupon"
            packages={props.packages}
            currencies={props.currencies}
          />
        ) : (
          <p class="muted">Only owners and admins change coupons.</p>
        )}
      </section>
    </AdminLayout>
  );
}
