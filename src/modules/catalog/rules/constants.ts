// Each status and enum is defined once here; call sites use these names, never bare strings.

export const PACKAGE_STATUSES = ['visible', 'hidden', 'restricted', 'inactive'] as const;
export type PackageStatus = (typeof PACKAGE_STATUSES)[number];
export const PackageStatus = {
  visible: 'visible',
  hidden: 'hidden',
  restricted: 'restricted',
  inactive: 'inactive',
} as const satisfies Record<PackageStatus, PackageStatus>;

export const PACKAGE_STATUS_LABELS: Record<PackageStatus, string> = {
  visible: 'Visible: listed and orderable',
  hidden: 'Hidden: orderable by direct link only',
  restricted: 'Restricted: only for allowed clients',
  inactive: 'Inactive: not orderable',
};

export const PRICE_TYPES = ['free', 'onetime', 'recurring'] as const;
export type PriceType = (typeof PRICE_TYPES)[number];
export const PriceType = { free: 'free', onetime: 'onetime', recurring: 'recurring' } as const satisfies Record<PriceType, PriceType>;

export const PERIODS = ['day', 'week', 'month', 'year'] as const;
export type Period = (typeof PERIODS)[number];

export const UNLIMITED = -1;

/** A configurable option group's kind (DOMAIN.md "Configurable options"). */
export const OPTION_TYPES = ['choice', 'quantity', 'yesno', 'text'] as const;
export type OptionType = (typeof OPTION_TYPES)[number];
export const OPTION_TYPE_LABELS: Record<OptionType, string> = {
  choice: 'Choice: one of several options',
  quantity: 'Quantity: a number of units, priced per unit',
  yesno: 'Yes/no: priced when yes',
  text: 'Text: a value such as a hostname, not priced',
};
