// A chart of figures by period (revenue per month, MRR, services started and ended), drawn by
// uPlot from /assets (public/charts.js loads it on first need). The same figures are in a table
// under it: what a screen reader reads, and what the page shows without JavaScript.

export interface ChartSeries {
  label: string;
  /** One per label; null where there is no figure. Money as a number of major units (for drawing only: the table prints `text`). */
  values: readonly (number | null)[];
  /** How each figure is printed in the table ("1,234.50 EUR"); the number itself when not given. */
  text?: readonly string[];
}

export interface ChartProps {
  id: string;
  title: string;
  /** The x axis, in order ("2026-01", "2026-02"...). */
  labels: readonly string[];
  series: readonly ChartSeries[];
  kind?: 'line' | 'bars';
  /** Printed after figures on the axis ("EUR"). */
  unit?: string;
}

export function Chart(props: ChartProps) {
  const data = {
    kind: props.kind ?? 'line',
    unit: props.unit ?? '',
    labels: props.labels,
    // The printed figures go along too: the legend shows them as the table does.
    series: props.series.map((s) => ({ label: s.label, values: s.values, ...(s.text ? { text: s.text } : {}) })),
  };
  return (
    // NOTE: the figures ride in an attribute (escaped like any, read back decoded), not in an inline
    // script element, whose text the browser would not decode and the CSP would not run anyway.
    <figure class="chart" id={props.id} data-chart={JSON.stringify(data)}>
      <figcaption>{props.title}</figcaption>
      <div class="chart-plot" aria-hidden="true"></div>
      <details class="chart-table">
        <summary>The figures</summary>
        <div class="table-wrap">
          <table class="table compact">
            <thead>
              <tr>
                <th scope="col">Period</th>
                {props.series.map((s) => (
                  <th scope="col" class="num">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.labels.map((label, i) => (
                <tr>
                  <th scope="row">{label}</th>
                  {props.series.map((s) => (
                    <td class="num nowrap">
                      {s.text?.[i] ?? (s.values[i] === null || s.values[i] === undefined ? '—' : String(s.values[i]))}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
