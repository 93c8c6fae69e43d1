import { expect } from '@open-wc/testing';
import { recencyBound } from './recency.js';

describe('recencyBound', () => {
  it('evicts the least recently touched keys past the bound, never the one just touched or a pinned one', () => {
    const pinned = new Set<string>();
    const evicted: string[] = [];
    const touch = recencyBound(2, (key) => pinned.has(key), (key) => evicted.push(key));
    touch('a');
    touch('b');
    touch('a'); // a is the most recent now
    touch('c');
    expect(evicted, 'b was the least recent').to.deep.equal(['b']);
    pinned.add('a');
    touch('d');
    expect(evicted, 'a is pinned: c goes').to.deep.equal(['b', 'c']);
    touch('e');
    expect(evicted, 'a still pinned, e just touched: d goes').to.deep.equal(['b', 'c', 'd']);
    pinned.clear();
    touch('f');
    expect(evicted, 'a let go: the oldest goes first, down to the bound').to.deep.equal(['b', 'c', 'd', 'a']);
  });
});
