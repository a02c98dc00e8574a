import { Csrf } from './form.tsx';

/**
 * Up and down buttons for one row of an ordered list (catalogs, add-on groups): with htmx they
 * swap the list in `target`; without JavaScript the post redirects back to the page.
 */
export function MoveButtons(props: {
  action: string;
  target: string;
  csrfToken: string | null;
  name: string;
  first: boolean;
  last: boolean;
}) {
  return (
    <form method="post" action={props.action} class="inline" hx-post={props.action} hx-target={props.target} hx-swap="outerHTML">
      <Csrf token={props.csrfToken} />
      <button name="direction" value="up" class="icon" disabled={props.first} aria-label={`Move ${props.name} up`}>
        ↑
      </button>
      <button name="direction" value="down" class="icon" disabled={props.last} aria-label={`Move ${props.name} down`}>
        ↓
      </button>
    </form>
  );
}
