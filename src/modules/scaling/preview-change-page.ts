import type { EntityManager } from '@mikro-orm/postgresql';
import { Conflict, DomainError } from '../shared/errors.ts';
import { loadChangePage, type ChangePage } from './load-change-page.ts';
import { previewServiceChange, type ServiceChangePreview } from './preview-service-change.ts';
import { changeFormErrors, chosenOptions, readChangeChoice, type ChangeChoice } from './rules/change-choice.ts';
import { db } from '../../db/database.ts';
import { COUPON_FIELD } from '../coupons/find-usable-coupon.ts';

export interface ChangePagePreview {
  page: ChangePage;
  choice: ChangeChoice;
  /** Null before the first preview, or when the choice has a problem (see errors). */
  preview: ServiceChangePreview | null;
  errors: Record<string, string>;
  /** Whether any active coupon may be entered on a change (else the code box is left out), and the code typed. */
  couponsForChanges: boolean;
  couponCode: string;
}

/**
 * The change-package page (client or staff) for the choice made so far, with its preview once
 * the form is posted. A refused choice is not an error here: its sentence comes back for the
 * field and the page still renders. `errors` from outside (a refused confirmation) are kept.
 */
export async function previewChangePage(
  em: EntityManager,
  input: { serviceId: number; clientId?: number; form?: Record<string, string | string[]>; errors?: Record<string, string> },
  now: Date,
): Promise<ChangePagePreview> {
  const page = await loadChangePage(em, input.serviceId, input.clientId);
  const { choice, errors } = readChangeChoice(page, input.form ?? {}, input.form !== undefined);
  let preview: ServiceChangePreview | null = null;
  const typed = input.form?.couponCode;
  const couponCode = (Array.isArray(typed) ? (typed[typed.length - 1] ?? '') : (typed ?? '')).trim().slice(0, 60);
  const couponsForChanges = !!(await db(em)
    .selectFrom('coupon')
    .select('id')
    .where('active', '=', true)
    .where('for_changes', '=', true)
    .limit(1)
    .executeTakeFirst());
  // NOTE: with a single package to move to there is nothing to choose first: its preview shows at once.
  const single = !input.form && page.targets.length === 1 && !page.targets[0]!.current && !page.pending;
  if ((input.form || single) && !page.unavailable && choice.packageId !== null && !Object.keys(errors).length) {
    const choose = { packageId: choice.packageId, priceName: choice.priceName, ...chosenOptions(choice) };
    try {
      try {
        preview = await previewServiceChange(em, { serviceId: input.serviceId, clientId: input.clientId }, { ...choose, couponCode }, now);
      } catch (err) {
        // A code that cannot be used says why under its box; the change is still priced without it.
        if (!(err instanceof DomainError) || !couponCode || err.field !== COUPON_FIELD) throw err;
        errors.couponCode = err.message;
        preview = await previewServiceChange(em, { serviceId: input.serviceId, clientId: input.clientId }, choose, now);
      }
    } catch (err) {
      if (err instanceof DomainError) Object.assign(errors, changeFormErrors(err.fields));
      else if (err instanceof Conflict) errors._ = err.message;
      else throw err;
    }
  }
  return { page, choice, preview, errors: { ...errors, ...input.errors }, couponsForChanges, couponCode };
}
