import { css } from 'lit';

/**
 * The SDK-wide design tokens. Hosts theme callpop by setting the public
 * `--callpop-*` custom properties on any ancestor; elements read the private
 * `--_*` ones. Light by default, dark under `prefers-color-scheme: dark`, and a
 * `theme="light|dark"` attribute on an element overrides both.
 */
export const tokens = css`
  :host {
    --_font: var(--callpop-font-family, system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Microsoft YaHei', sans-serif);
    --_font-size: var(--callpop-font-size, 14px);
    --_radius: var(--callpop-radius, 6px);
    --_space: var(--callpop-space, 8px);
    --_bg: var(--callpop-color-bg, #ffffff);
    --_surface: var(--callpop-color-surface, #f5f6f8);
    --_fg: var(--callpop-color-fg, #1d2129);
    --_muted: var(--callpop-color-muted, #5c6370);
    --_border: var(--callpop-color-border, #d9dce1);
    --_accent: var(--callpop-color-accent, #1764d9);
    --_accent-fg: var(--callpop-color-accent-fg, #ffffff);
    --_danger: var(--callpop-color-danger, #c42b1c);
    --_success: var(--callpop-color-success, #1a7f37);
    --_warning: var(--callpop-color-warning, #9a6700);
    --_focus: var(--callpop-color-focus, #1764d9);
    color-scheme: light;
    font-family: var(--_font);
    font-size: var(--_font-size);
    color: var(--_fg);
    box-sizing: border-box;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      --_bg: var(--callpop-color-bg, #1e1f22);
      --_surface: var(--callpop-color-surface, #2b2d31);
      --_fg: var(--callpop-color-fg, #e6e7ea);
      --_muted: var(--callpop-color-muted, #a3a8b1);
      --_border: var(--callpop-color-border, #40444b);
      --_accent: var(--callpop-color-accent, #5b9bff);
      --_accent-fg: var(--callpop-color-accent-fg, #0b1320);
      --_danger: var(--callpop-color-danger, #ff7b72);
      --_success: var(--callpop-color-success, #56d364);
      --_warning: var(--callpop-color-warning, #e3b341);
      --_focus: var(--callpop-color-focus, #5b9bff);
      color-scheme: dark;
    }
  }
  :host([theme='dark']) {
    --_bg: var(--callpop-color-bg, #1e1f22);
    --_surface: var(--callpop-color-surface, #2b2d31);
    --_fg: var(--callpop-color-fg, #e6e7ea);
    --_muted: var(--callpop-color-muted, #a3a8b1);
    --_border: var(--callpop-color-border, #40444b);
    --_accent: var(--callpop-color-accent, #5b9bff);
    --_accent-fg: var(--callpop-color-accent-fg, #0b1320);
    --_danger: var(--callpop-color-danger, #ff7b72);
    --_success: var(--callpop-color-success, #56d364);
    --_warning: var(--callpop-color-warning, #e3b341);
    --_focus: var(--callpop-color-focus, #5b9bff);
    color-scheme: dark;
  }
  :host([hidden]) {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  button {
    font: inherit;
    color: var(--_fg);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 4px 10px;
    min-height: 30px;
    cursor: pointer;
  }
  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-fg);
  }
  button:disabled {
    opacity: 0.6;
    cursor: default;
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible,
  [tabindex]:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 1px;
  }
  input,
  select,
  textarea {
    font: inherit;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 5px 8px;
    min-height: 30px;
    width: 100%;
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  .error {
    color: var(--_danger);
  }
  .muted {
    color: var(--_muted);
  }
`;
