import { css } from 'lit';

/**
 * The SDK-wide design tokens (listed with their defaults in docs/theming.md).
 *
 * - Hosts theme callpop with the public `--callpop-*` custom properties, set on
 *   any ancestor (`:root`, a side panel) or on an element itself; they inherit
 *   through shadow roots. Elements only read the private `--_*` copies, worked
 *   out here on every element's `:host`.
 * - Colors: light by default, dark under `prefers-color-scheme: dark`; the
 *   `theme="light|dark"` attribute on an element overrides both (composite
 *   elements pass their `theme` to the elements they render). A page with its
 *   own dark mode sets `theme` on the elements, or sets the color tokens on a
 *   container (a set token wins over both palettes).
 * - Density: `density="compact"` on an element shrinks spacing, control height
 *   and font size (scaling whatever the tokens are set to), for side panels down
 *   to 360 px; elements rendered inside it inherit it, `density="comfortable"`
 *   turns it back.
 */
export const tokens = css`
  :host {
    /* Density factors inherit (not set here) so nested elements follow their host's density. */
    --_font: var(--callpop-font-family, system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif);
    --_font-size: calc(var(--callpop-font-size, 14px) * var(--_density-font, 1));
    --_radius: var(--callpop-radius, 6px);
    --_space: calc(var(--callpop-space, 8px) * var(--_density-space, 1));
    --_control-height: calc(var(--callpop-control-height, 32px) * var(--_density-control, 1));
    --_shadow: var(--callpop-shadow, 0 1px 2px rgb(16 24 40 / 0.08), 0 4px 12px rgb(16 24 40 / 0.1));
    --_bg: var(--callpop-color-bg, #ffffff);
    --_surface: var(--callpop-color-surface, #f3f4f6);
    --_fg: var(--callpop-color-fg, #1d2129);
    --_muted: var(--callpop-color-muted, #5c6370);
    --_border: var(--callpop-color-border, #d4d7dd);
    --_accent: var(--callpop-color-accent, #1764d9);
    --_accent-fg: var(--callpop-color-accent-fg, #ffffff);
    --_danger: var(--callpop-color-danger, #c42b1c);
    --_success: var(--callpop-color-success, #1a7f37);
    --_warning: var(--callpop-color-warning, #8f5f00);
    --_focus: var(--callpop-color-focus, #1764d9);
    color-scheme: light;
    font-family: var(--_font);
    font-size: var(--_font-size);
    line-height: 1.4;
    color: var(--_fg);
    box-sizing: border-box;
    -webkit-text-size-adjust: 100%;
  }
  :host([density='compact']) {
    --_density-space: 0.625;
    --_density-control: 0.8125;
    --_density-font: 0.9286;
  }
  :host([density='comfortable']) {
    --_density-space: 1;
    --_density-control: 1;
    --_density-font: 1;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      --_shadow: var(--callpop-shadow, 0 1px 2px rgb(0 0 0 / 0.4), 0 6px 16px rgb(0 0 0 / 0.45));
      --_bg: var(--callpop-color-bg, #1e1f22);
      --_surface: var(--callpop-color-surface, #2b2d31);
      --_fg: var(--callpop-color-fg, #e6e7ea);
      --_muted: var(--callpop-color-muted, #a3a8b1);
      --_border: var(--callpop-color-border, #4a4f57);
      --_accent: var(--callpop-color-accent, #5b9bff);
      --_accent-fg: var(--callpop-color-accent-fg, #0b1320);
      --_danger: var(--callpop-color-danger, #ff7b72);
      --_success: var(--callpop-color-success, #56d364);
      --_warning: var(--callpop-color-warning, #e3b341);
      --_focus: var(--callpop-color-focus, #8ab8ff);
      color-scheme: dark;
    }
  }
  :host([theme='dark']) {
    --_shadow: var(--callpop-shadow, 0 1px 2px rgb(0 0 0 / 0.4), 0 6px 16px rgb(0 0 0 / 0.45));
    --_bg: var(--callpop-color-bg, #1e1f22);
    --_surface: var(--callpop-color-surface, #2b2d31);
    --_fg: var(--callpop-color-fg, #e6e7ea);
    --_muted: var(--callpop-color-muted, #a3a8b1);
    --_border: var(--callpop-color-border, #4a4f57);
    --_accent: var(--callpop-color-accent, #5b9bff);
    --_accent-fg: var(--callpop-color-accent-fg, #0b1320);
    --_danger: var(--callpop-color-danger, #ff7b72);
    --_success: var(--callpop-color-success, #56d364);
    --_warning: var(--callpop-color-warning, #e3b341);
    --_focus: var(--callpop-color-focus, #8ab8ff);
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
    padding: calc(var(--_space) / 4) calc(var(--_space) * 1.25);
    min-height: var(--_control-height);
    cursor: pointer;
  }
  button:hover:not(:disabled) {
    border-color: var(--_muted);
  }
  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-fg);
  }
  button.primary:hover:not(:disabled) {
    border-color: var(--_fg);
  }
  button:disabled {
    opacity: 0.6;
    cursor: default;
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible,
  a:focus-visible,
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
    padding: calc(var(--_space) / 2) var(--_space);
    min-height: var(--_control-height);
    width: 100%;
    min-width: 0;
  }
  input[type='checkbox'],
  input[type='radio'] {
    width: auto;
    min-height: 0;
    accent-color: var(--_accent);
  }
  ::placeholder {
    color: var(--_muted);
    opacity: 1;
  }
  a {
    color: var(--_accent);
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
