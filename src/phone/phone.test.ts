import { expect } from '@open-wc/testing';
import { formatPhone, isPhoneSupportLoaded, loadPhoneSupport, parsePhone } from './index.js';

describe('phone numbers before and after the parser loads', () => {
  it('only cleans numbers until the parser is loaded, then parses and formats them', async () => {
    expect(isPhoneSupportLoaded(), 'phone support loaded before loadPhoneSupport()').to.equal(false);
    expect(parsePhone('+86 138-0013-8000')?.e164).to.equal('+8613800138000');
    expect(parsePhone('0086 138 0013 8000')?.e164).to.equal('+8613800138000');
    // A national number needs the parser: nothing is guessed.
    expect(parsePhone('13800138000', 'CN')).to.equal(null);
    expect(formatPhone('+8613800138000')).to.equal('+8613800138000');
    expect(formatPhone('x'.repeat(40))).to.equal(`${'x'.repeat(31)}…`);

    await loadPhoneSupport();
    expect(isPhoneSupportLoaded(), 'phone support loaded after loadPhoneSupport()').to.equal(true);
    expect(parsePhone('13800138000', 'CN')?.e164).to.equal('+8613800138000');
    expect(formatPhone('+8613800138000')).to.equal('+86 138 0013 8000');
  });
});
