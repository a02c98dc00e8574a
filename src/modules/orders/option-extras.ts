/** What was chosen beyond the option ids: each quantity group's number and each text group's value, by group id. */
export interface OptionExtras {
  optionQuantities?: Readonly<Record<string, number>>;
  optionTexts?: Readonly<Record<string, string>>;
}
