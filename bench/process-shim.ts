// The benchmark measures what ships: production code. Bundlers replace
// process.env.NODE_ENV with "production"; the unbundled dev server does not, so
// this module (imported first by the bench page) defines it before anything
// else reads it (nanostores does when a store is used).
const g = globalThis as { process?: { env: Record<string, string> } };
g.process ??= { env: { NODE_ENV: 'production' } };
export {};
