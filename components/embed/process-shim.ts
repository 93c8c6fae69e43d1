// nanostores reads process.env.NODE_ENV when a store is used; the build replaces it,
// the unbundled dev server does not. A module, not an inline script, so embed.html
// runs under a strict Content-Security-Policy.
const g = globalThis as { process?: { env: Record<string, string> } };
g.process ??= { env: { NODE_ENV: 'development' } };
export {};
