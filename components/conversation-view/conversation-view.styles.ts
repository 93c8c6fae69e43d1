import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    --_height: var(--callpop-conversation-view-height, 360px);
    --_customer: var(--callpop-conversation-view-customer-color, var(--_accent));
    --_agent: var(--callpop-conversation-view-agent-color, var(--_success));
    --_bot: var(--callpop-conversation-view-bot-color, var(--_warning));
    --_match-bg: var(--callpop-conversation-view-match-bg, #ffe58f);
  }
  [part='base'] {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
    height: var(--_height);
    position: relative;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space);
  }
  /* No lines yet (loading, empty, error): only as tall as what it says, not the transcript's height. */
  [part='base']:has(> [part='log'][hidden]) {
    height: auto;
  }
  [part='toolbar'] {
    display: flex;
    align-items: center;
    gap: calc(var(--_space) / 2);
  }
  [part='search-input'] {
    flex: 1;
    min-width: 0;
  }
  [part='search-count'] {
    color: var(--_muted);
    white-space: nowrap;
    font-size: 0.9em;
  }
  [part='log'] {
    flex: 1;
    min-height: 0;
    overflow: auto;
    overscroll-behavior: contain;
    /* The scrollbar appearing must not change the lines' width (and so their measured height). */
    scrollbar-gutter: stable;
  }
  /* !important: the virtualizer gives its scroller an inline display and a 150 px minimum height. */
  [part='log'][hidden] {
    display: none !important;
  }
  .row {
    width: 100%;
    padding: calc(var(--_space) / 4) 0;
  }
  .divider {
    text-align: center;
    font-size: 0.85em;
    color: var(--_muted);
    margin: calc(var(--_space) / 2) 0;
    border-top: 1px dashed var(--_border);
    padding-top: 2px;
  }
  .segment {
    display: grid;
    grid-template-columns: auto auto 1fr;
    align-items: baseline;
    column-gap: var(--_space);
    padding: calc(var(--_space) / 2) var(--_space);
    border-inline-start: 3px solid var(--_speaker);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .segment.customer {
    --_speaker: var(--_customer);
  }
  .segment.agent {
    --_speaker: var(--_agent);
    margin-inline-start: 12%;
  }
  .segment.bot {
    --_speaker: var(--_bot);
    background: transparent;
    border-style: dashed;
    border-inline-start-width: 3px;
  }
  .speaker {
    font-weight: 600;
    color: var(--_fg);
    white-space: nowrap;
  }
  time {
    color: var(--_muted);
    font-size: 0.85em;
    font-variant-numeric: tabular-nums;
  }
  .text {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    min-width: 0;
  }
  .segment.interim .text {
    color: var(--_muted);
    font-style: italic;
  }
  mark {
    background: var(--_match-bg);
    color: #1d2129;
    border-radius: 2px;
  }
  mark.current {
    outline: 2px solid var(--_accent);
  }
  [part='jump-latest'] {
    position: absolute;
    inset-inline-end: calc(var(--_space) * 2);
    bottom: calc(var(--_space) * 2);
    box-shadow: 0 2px 8px rgb(0 0 0 / 20%);
  }
  .badge {
    font-weight: 600;
  }
  [part='error'] {
    display: flex;
    align-items: center;
    gap: var(--_space);
  }
  p {
    margin: 0;
  }
`;
