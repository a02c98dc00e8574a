// ISO 3166-1 alpha-2: the country decides the tax rate, so only real codes are accepted.
// Names come from the runtime's ICU data, so the list stays one line of codes to review.

const CODES =
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
  'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
  'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT ' +
  'MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
  'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG ' +
  'UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW';

export const COUNTRY_CODES: readonly string[] = CODES.split(' ');
const KNOWN = new Set(COUNTRY_CODES);

export function isCountryCode(code: string): boolean {
  return KNOWN.has(code);
}

const names = new Map<string, Intl.DisplayNames>();

/** A country's name in a language ("Germany", "Deutschland"). */
export function countryName(code: string | null | undefined, language = 'en'): string {
  if (!code) return '';
  let n = names.get(language);
  if (!n) names.set(language, (n = new Intl.DisplayNames([language], { type: 'region', fallback: 'code' })));
  return KNOWN.has(code) ? (n.of(code) ?? code) : code;
}

let sorted: (readonly [string, string])[] | undefined;

/** [code, name] pairs sorted by name, for a select. */
export function countryOptions(): readonly (readonly [string, string])[] {
  sorted ??= COUNTRY_CODES.map((c) => [c, countryName(c)] as const).sort((a, b) => a[1].localeCompare(b[1], 'en'));
  return sorted;
}
