/** Whether `n` can be a row's id (a positive int4): anything else is not found before it reaches a statement. */
export const isRowId = (n: number): boolean => Number.isSafeInteger(n) && n >= 1 && n <= 2_147_483_647;
