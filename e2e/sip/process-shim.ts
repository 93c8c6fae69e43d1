// nanostores reads process.env.NODE_ENV; the unbundled dev server does not replace it.
const g = globalThis as { process?: { env: Record<string, string> } };
g.process ??= { env: { NODE_ENV: 'development' } };
export {};
