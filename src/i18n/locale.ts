import { AsyncLocalStorage } from 'node:async_hooks';
import { translateMessage, translator, type Translate, type UiLanguage } from './i18n.ts';

// The language of the request being answered, for the views: a client-area or store request runs
// in its client's language (withLanguage, set by the client session middleware), so a view calls
// t('client:nav.services') without the language passed through every component. Anything else
// (the admin, jobs) is English.

const current = new AsyncLocalStorage<UiLanguage>();

export function withLanguage<T>(language: UiLanguage, fn: () => T): T {
  return current.run(language, fn);
}

export function currentLanguage(): UiLanguage {
  return current.getStore() ?? 'en';
}

export const t: Translate = (key, values) => translator(currentLanguage())(key, values);

/** A module's English message in the request's language, where the messages file has it. */
export const tm = (message: string): string => translateMessage(currentLanguage(), message);
