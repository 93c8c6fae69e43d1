import { expect } from '@open-wc/testing';
import {
  digitsOnly,
  formatPhone,
  isValidPhone,
  loadFullPhoneMetadata,
  parsePhone,
  validPhone,
} from './phone-number.js';

describe('phone numbers', () => {
  it('validates without formatting: the E.164 form and region of a valid number, null otherwise', () => {
    expect(validPhone('138 0013 8000', 'CN')).to.deep.equal({ e164: '+8613800138000', country: 'CN' });
    expect(validPhone('(415) 555-0123', 'US')).to.deep.equal({ e164: '+14155550123', country: 'US' });
    expect(validPhone('+86 138 0013 8000')).to.deep.equal({ e164: '+8613800138000', country: 'CN' });
    expect([validPhone('12345', 'CN'), validPhone('not a number', 'CN'), validPhone('9'.repeat(40))]).to.deep.equal([null, null, null]);
  });

  it('reads a Chinese mobile number written in several ways as the same E.164 number', () => {
    const inputs: [string, string | undefined][] = [
      ['+86 138-0013-8000', undefined],
      ['+8613800138000', undefined],
      ['13800138000', 'CN'],
      ['138.0013.8000', 'CN'],
      ['(+86) 138 0013 8000', undefined],
      ['008613800138000', undefined],
    ];
    for (const [input, country] of inputs) {
      const parsed = parsePhone(input, country);
      expect(parsed?.e164, input).to.equal('+8613800138000');
      expect(parsed?.international, input).to.equal('+86 138 0013 8000');
      expect(parsed?.national, input).to.equal('138 0013 8000');
      expect(parsed?.country, input).to.equal('CN');
      expect(parsed, input).to.include({ valid: true });
    }
  });

  it('treats a leading 00 as the international prefix', () => {
    expect(parsePhone('00861380013800')?.e164).to.equal('+861380013800');
    expect(parsePhone('00 1 415 555 0123')?.international).to.equal('+1 415 555 0123');
  });

  it('reads a US number in the national style with US as the default country', () => {
    const parsed = parsePhone('(415) 555-0123', 'US');
    expect(parsed).to.include({
      e164: '+14155550123',
      national: '(415) 555-0123',
      international: '+1 415 555 0123',
      country: 'US',
      valid: true,
    });
  });

  it('reads a Hong Kong number', () => {
    expect(parsePhone('+852 9123 4567')).to.include({
      e164: '+85291234567',
      national: '9123 4567',
      international: '+852 9123 4567',
      country: 'HK',
      valid: true,
    });
  });

  it('strips tel: and sip: prefixes, including the SIP host and parameters', () => {
    expect(parsePhone('tel:+86-138-0013-8000')?.e164).to.equal('+8613800138000');
    expect(parsePhone('sip:+8613800138000@pbx.example.com;user=phone')?.e164).to.equal(
      '+8613800138000',
    );
    expect(parsePhone('SIP:13800138000@10.0.0.1', 'CN')?.e164).to.equal('+8613800138000');
  });

  it('reads full-width digits', () => {
    expect(parsePhone('１３８００１３８０００', 'CN')?.e164).to.equal('+8613800138000');
    expect(parsePhone('＋８６ １３８ ００１３ ８０００')?.e164).to.equal('+8613800138000');
  });

  it('returns null for junk, empty and over-long input', () => {
    expect(parsePhone('abc')).to.equal(null);
    expect(parsePhone('')).to.equal(null);
    expect(parsePhone('   ')).to.equal(null);
    expect(parsePhone('138 0013 8000 call me')).to.equal(null);
    expect(parsePhone(`+86${'1'.repeat(40)}`)).to.equal(null);
    expect(parsePhone('<b>+8613800138000</b>')).to.equal(null);
  });

  it('needs a default country (or a +) for a national number, and ignores an unknown default', () => {
    expect(parsePhone('13800138000')).to.equal(null);
    expect(parsePhone('13800138000', 'cn; drop')).to.equal(null);
  });

  it('says whether a number is valid', () => {
    const cases: ReadonlyArray<readonly [string, string?]> = [['+8613800138000'], ['13800138000', 'CN'], ['+86 12'], ['nope']];
    expect(cases.map(([input, country]) => `${input}${country ? ` (${country})` : ''}: ${isValidPhone(input, country) ? 'valid' : 'invalid'}`)).to.deep.equal([
      '+8613800138000: valid',
      '13800138000 (CN): valid',
      '+86 12: invalid',
      'nope: invalid',
    ]);
  });

  it('formats E.164 numbers consistently in both styles', () => {
    expect(formatPhone('+8613800138000')).to.equal('+86 138 0013 8000');
    expect(formatPhone('+8613800138000', 'national')).to.equal('138 0013 8000');
    expect(formatPhone('+14155550123', 'national')).to.equal('(415) 555-0123');
    expect(formatPhone('+85321234567')).to.equal('+853 2123 4567');
  });

  it('shows unparseable input as text without control characters', () => {
    expect(formatPhone('anonymous\u0000\u001b[31m')).to.equal('anonymous[31m');
    expect(formatPhone('<img src=x onerror=alert(1)>')).to.equal('<img src=x onerror=alert(1)>');
  });

  it('cuts a 200-character string to 32 characters ending in an ellipsis', () => {
    const shown = formatPhone('x'.repeat(200));
    expect(shown).to.equal(`${'x'.repeat(31)}…`);
    expect(shown.length).to.equal(32);
  });

  it('reads Guernsey, Jersey and Isle of Man numbers (+44 like GB) before the full metadata is loaded', () => {
    expect(parsePhone('+44 1481 256789')).to.include({ country: 'GG', valid: true, international: '+44 1481 256789' });
    expect(parsePhone('+44 7797 712345')).to.include({ country: 'JE', valid: true, international: '+44 7797 712345' });
    expect(parsePhone('01534 456789', 'JE')).to.include({ e164: '+441534456789', country: 'JE', valid: true });
    expect(parsePhone('+44 1624 756789')).to.include({ country: 'IM', valid: true, national: '01624 756789' });
    expect(parsePhone('+44 20 7946 0958')).to.include({ country: 'GB', valid: true });
  });

  it('shows a German number as digits first, and formats it once the full metadata is loaded', async () => {
    expect(parsePhone('+49 30 123456')).to.deep.equal({
      e164: '+4930123456',
      national: '+4930123456',
      international: '+4930123456',
      country: null,
      valid: false,
    });
    expect(formatPhone('+4930123456')).to.equal('+4930123456');
    expect(parsePhone('+49 3')).to.equal(null);

    await loadFullPhoneMetadata();
    await loadFullPhoneMetadata();

    expect(formatPhone('+4930123456')).to.equal('+49 30 123456');
    expect(formatPhone('+4930123456', 'national')).to.equal('030 123456');
    expect(parsePhone('+4930123456')).to.include({ country: 'DE', valid: true });
    // The regions of the trimmed metadata read the same with the full one.
    expect(formatPhone('+8613800138000')).to.equal('+86 138 0013 8000');
  });

  it('keeps only the digits of text for search, full-width ones included', () => {
    expect(digitsOnly('+86 (138) 0013-8000')).to.equal('8613800138000');
    expect(digitsOnly('电话：１３８ ００１３')).to.equal('1380013');
    expect(digitsOnly('no digits')).to.equal('');
  });
});
