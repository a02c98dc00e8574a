// The button that opens the main menu on a narrow screen. public/app.js shows it (and folds the
// menu behind it) only where it can open it again: without JavaScript the menu stays in view,
// wrapped over as many lines as it needs.

export const MAIN_NAV_ID = 'main-nav';

export function MenuToggle(props: { label: string }) {
  return (
    <button type="button" class="menu-toggle" aria-controls={MAIN_NAV_ID} aria-expanded="false">
      <span class="menu-icon" aria-hidden="true"></span>
      {props.label}
    </button>
  );
}
