import { expect } from '@open-wc/testing';
import type { CallerIdRules } from '../adapter/types.js';
import { chooseDisplayNumber, displayNumberHeader, isAllowedDisplayNumber } from './caller-id.js';

const BEIJING = '+861058001234';
const SHANGHAI = '+862161234567';
const SF = '+14155550100';

const pool: CallerIdRules = {
  mode: 'pool',
  numbers: [
    { number: BEIJING, label: 'Beijing', regions: ['CN'], prefixes: ['+86138', '+8610'] },
    { number: SHANGHAI, label: 'Shanghai', regions: ['CN', 'HK'], prefixes: ['+86', '+8613812', '+852'] },
    { number: SF, label: 'SF', regions: ['us', 'CA'], prefixes: ['+1'] },
  ],
  header: 'X-Display-Number',
};

describe('caller-ID rules', () => {
  it('fixed: always presents the first number, whoever is called', () => {
    const rules: CallerIdRules = { ...pool, mode: 'fixed' };
    expect(chooseDisplayNumber(rules, { e164: '+14155550123', country: 'US' })).to.deep.equal({ number: BEIJING, label: 'Beijing', reason: 'fixed' });
    expect(chooseDisplayNumber(rules, { e164: null, country: null }).number).to.equal(BEIJING);
  });

  it('pool: the longest matching prefix wins over shorter ones and over the region', () => {
    expect(chooseDisplayNumber(pool, { e164: '+8613800138000', country: 'CN' })).to.include({ number: BEIJING, reason: 'prefix' });
    expect(chooseDisplayNumber(pool, { e164: '+8613812345678', country: 'CN' })).to.include({ number: SHANGHAI, reason: 'prefix' });
    expect(chooseDisplayNumber(pool, { e164: '+14155550123', country: 'US' })).to.include({ number: SF, reason: 'prefix' });
  });

  it('pool: without a matching prefix, the first number serving the callee region (case-insensitive)', () => {
    const rules: CallerIdRules = { ...pool, numbers: pool.numbers.map((n) => ({ ...n, prefixes: [] })) };
    expect(chooseDisplayNumber(rules, { e164: '+85291234567', country: 'HK' })).to.include({ number: SHANGHAI, reason: 'region' });
    expect(chooseDisplayNumber(rules, { e164: '+12125550100', country: 'US' })).to.include({ number: SF, reason: 'region' });
  });

  it('pool: nothing matches → the first number', () => {
    expect(chooseDisplayNumber(pool, { e164: '+33123456789', country: 'FR' })).to.include({ number: BEIJING, reason: 'default' });
    expect(chooseDisplayNumber(pool, { e164: null, country: null })).to.include({ number: BEIJING, reason: 'default' });
  });

  it('choice: the remembered pick when it is still allowed, else the first number', () => {
    const rules: CallerIdRules = { ...pool, mode: 'choice' };
    expect(chooseDisplayNumber(rules, { e164: '+8613800138000', country: 'CN' }, SF)).to.include({ number: SF, reason: 'chosen' });
    expect(chooseDisplayNumber(rules, { e164: null, country: null }, '+19999999999')).to.include({ number: BEIJING, reason: 'default' });
    expect(chooseDisplayNumber(rules, { e164: null, country: null })).to.include({ number: BEIJING, reason: 'default' });
    expect([SF, '+19999999999'].filter((n) => isAllowedDisplayNumber(rules, n)), 'the numbers allowed as caller ID').to.deep.equal([SF]);
  });

  it('no numbers configured: no display number, and the call goes out with the server default', () => {
    for (const mode of ['fixed', 'pool', 'choice'] as const) {
      expect(chooseDisplayNumber({ mode, numbers: [], header: null }, { e164: '+8613800138000', country: 'CN' })).to.deep.equal({ number: null, label: null, reason: 'none' });
    }
  });

  it('sends the number in the configured header, the default one when it is missing or not a header name', () => {
    expect(displayNumberHeader({ ...pool, header: 'P-Asserted-Identity' })).to.equal('P-Asserted-Identity');
    expect(displayNumberHeader({ ...pool, header: null })).to.equal('X-Display-Number');
    expect(displayNumberHeader({ ...pool, header: 'X-Evil\r\nVia: x' })).to.equal('X-Display-Number');
  });
});
