/**
 * The total the summary shows, carried to checkout so it charges exactly that (placeOrder's
 * expectedTotal): a total that changed meanwhile (a price edited, a quantity changed without
 * JavaScript and not priced again) is refused with the new one. Swapped with the summary (`oob`).
 */
export function ExpectedTotal(props: { total: string | null; oob?: boolean }) {
  return (
    <input type="hidden" id="expected-total" name="expectedTotal" value={props.total ?? ''} hx-swap-oob={props.oob ? 'true' : undefined} />
  );
}
