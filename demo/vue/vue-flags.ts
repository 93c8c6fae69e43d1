// Vue's bundler build reads these compile-time flags as globals when no bundler
// replaced them (the dev server serves it unbundled), and warns if they are missing.
// A module, not an inline script, so the page runs under a strict CSP.
// Import it before 'vue'.
const flags = globalThis as {
  __VUE_OPTIONS_API__?: boolean;
  __VUE_PROD_DEVTOOLS__?: boolean;
  __VUE_PROD_HYDRATION_MISMATCH_DETAILS__?: boolean;
};
flags.__VUE_OPTIONS_API__ ??= true;
flags.__VUE_PROD_DEVTOOLS__ ??= false;
flags.__VUE_PROD_HYDRATION_MISMATCH_DETAILS__ ??= false;
export {};
