/**
 * Loaded by web-test-runner before every test file (see testRunnerHtml in
 * web-test-runner.config.mjs); not part of the package.
 *
 * A failed chai assertion carries the value it saw and the one it expected
 * (`error.actual`, `error.expected`), and the runner sends both from the page
 * to the terminal. When one of them is a DOM node (`expect(row).to.equal(null)`,
 * `expect(activeElement).to.equal(input)`), sending it fails and the run ends
 * with "the browser disconnected" and no word of the assertion. Here such
 * nodes become the markup they show, so the failure prints what was on screen.
 */
// chai itself, the instance @open-wc/testing re-exports: importing @open-wc/testing here, before
// mocha has defined `afterEach`, would keep its fixture cleanup from ever being registered.
import * as chai from '@esm-bundle/chai';

const MAX_CHARS = 300;

function describeNode(node: Node): string {
  if (node instanceof Element) {
    const html = node.outerHTML.replace(/\s+/g, ' ');
    return html.length > MAX_CHARS ? `${html.slice(0, MAX_CHARS)}…` : html;
  }
  if (node instanceof ShadowRoot) return `#shadow-root of ${describeNode(node.host)}`;
  if (node instanceof Document) return '#document';
  const text = (node.textContent ?? '').replace(/\s+/g, ' ');
  return `${node.nodeName} ${JSON.stringify(text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS)}…` : text)}`;
}

/** `value` with every DOM node in it (also in arrays and plain objects) replaced by its markup. */
function readable(value: unknown, depth = 0): unknown {
  if (value instanceof Node) return describeNode(value);
  if (depth > 3 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.some((item) => item instanceof Node || (item !== null && typeof item === 'object')) ? value.map((item) => readable(item, depth + 1)) : value;
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const entries = Object.entries(value);
  if (!entries.some(([, item]) => item instanceof Node || (item !== null && typeof item === 'object'))) return value;
  return Object.fromEntries(entries.map(([key, item]) => [key, readable(item, depth + 1)]));
}

chai.use((api: Chai.ChaiStatic) => {
  const assert = api.Assertion.prototype.assert;
  api.Assertion.prototype.assert = function (this: Chai.AssertionStatic, ...args: Parameters<typeof assert>) {
    try {
      return assert.apply(this, args);
    } catch (error) {
      if (error instanceof api.AssertionError) {
        const failure = error as Chai.AssertionError & { actual?: unknown; expected?: unknown };
        failure.actual = readable(failure.actual);
        failure.expected = readable(failure.expected);
      }
      throw error;
    }
  } as typeof assert;
});
