// The document head every page shares: one place for the htmx settings and the assets.

// NOTE: 422 answers are swapped like 200s so htmx forms show their field errors; other 4xx/5xx
// are not swapped and app.js shows their text. No eval: the CSP has no 'unsafe-eval', and no
// indicator styles: it has no 'unsafe-inline' either.
const HTMX_CONFIG = JSON.stringify({
  allowEval: false,
  includeIndicatorStyles: false,
  historyCacheSize: 0,
  // A form htmx will not send because a field is out of its bounds says so at that field.
  reportValidityOfForms: true,
  responseHandling: [
    { code: '204', swap: false },
    { code: '[23]..', swap: true },
    { code: '422', swap: true },
    { code: '[45]..', swap: false, error: true },
  ],
});

/** `scripts`: further files from /assets, after app.js (the admin's rich text editor). */
export function DocumentHead(props: { title: string; scripts?: readonly string[] }) {
  return (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="htmx-config" content={HTMX_CONFIG} />
      <title>{props.title}</title>
      <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
      <link rel="stylesheet" href="/assets/app.css" />
      <script src="/assets/htmx.min.js" defer></script>
      <script src="/assets/app.js" defer></script>
      {props.scripts?.map((src) => (
        <script src={`/assets/${src}`} defer></script>
      ))}
    </head>
  );
}
