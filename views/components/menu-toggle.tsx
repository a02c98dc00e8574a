// The button that opens the main menu on a narrow screen. Where scripts run, the menu is folded
// behind it from the first paint (app.css) and public/app.js opens and closes it. It is a link to
// the menu, so that it still opens it when app.js never arrives (`nav:target` in app.css);
// without JavaScript the menu stays in view, wrapped over as many lines as it needs.

export const MAIN_NAV_ID = 'main-nav';

export function MenuToggle(props: { label: string }) {
  return (
    <a href={`#${MAIN_NAV_ID}`} role="button" class="menu-toggle" aria-controls={MAIN_NAV_ID} aria-expanded="false">
      <span class="menu-icon" aria-hidden="true"></span>
      {props.label}
    </a>
  );
}
