import type { ComponentChildren } from 'preact';

/** A column heading; `{ hidden }` is read out by screen readers but not shown (a column of action buttons). */
export type Heading = ComponentChildren | { hidden: string };

/**
 * A data table that scrolls sideways on a narrow screen instead of squeezing its columns. `frame="card"`
 * draws it as a card of its own (a page's main list); the default sits inside an existing card.
 * The children are the body's rows.
 */
export function Table(props: { headings: Heading[]; class?: string; frame?: 'card'; children: ComponentChildren }) {
  return (
    <div class={props.frame === 'card' ? 'card table-card' : 'table-scroll'}>
      <table class={props.class ? `table ${props.class}` : 'table'}>
        <thead>
          <tr>
            {props.headings.map((heading, i) => (
              <th scope="col" key={i}>
                {isHidden(heading) ? <span class="sr-only">{heading.hidden}</span> : heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

function isHidden(heading: Heading): heading is { hidden: string } {
  return typeof heading === 'object' && heading !== null && !Array.isArray(heading) && 'hidden' in heading;
}
