import type { EntityManager } from '@mikro-orm/postgresql';
import { Conflict, DomainError } from '../shared/errors.ts';
import { loadChangePage, type ChangePage } from './load-change-page.ts';
import { previewServiceChange, type ServiceChangePreview } from './preview-service-change.ts';
import { changeFormErrors, chosenOptions, readChangeChoice, type ChangeChoice } from './rules/change-choice.ts';

export interface ChangePagePreview {
  page: ChangePage;
  choice: ChangeChoice;
  /** Null before the first preview, or when the choice has a problem (see errors). */
  preview: ServiceChangePreview | null;
  errors: Record<string, string>;
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
  // NOTE: with a single package to move to there is nothing to choose first: its preview shows at once.
  const single = !input.form && page.targets.length === 1 && !page.targets[0]!.current && !page.pending;
  if ((input.form || single) && !page.unavailable && choice.packageId !== null && !Object.keys(errors).length) {
    try {
      preview = await previewServiceChange(em, { serviceId: input.serviceId, clientId: input.clientId }, { packageId: choice.packageId, priceName: choice.priceName, ...chosenOptions(choice) }, now);
    } catch (err) {
      if (err instanceof DomainError) Object.assign(errors, changeFormErrors(err.fields));
      else if (err instanceof Conflict) errors._ = err.message;
      else throw err;
    }
  }
  return { page, choice, preview, errors: { ...errors, ...input.errors } };
}
