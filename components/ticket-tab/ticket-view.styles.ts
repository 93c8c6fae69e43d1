import { css } from 'lit';

/** Styles of a ticket's details (`renderTicket`), shared by every element that shows them. */
export const ticketViewStyles = css`
  [part~='ticket-facts'],
  [part~='ticket-fields'] {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 4px 12px;
    margin: 0;
  }
  dt {
    color: var(--_muted);
  }
  dd {
    margin: 0;
  }
`;
