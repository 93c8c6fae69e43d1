import { expect } from '@open-wc/testing';
import { loadPhoneSupport } from '../phone/index.js';
import { checkSmsDraft, checkMobileNumber, renderTemplate, smsLength, templateVariables, withSignature } from './index.js';

const gsm = (n: number, char = 'a'): string => char.repeat(n);

describe('SMS length and segments', () => {
  const table: Array<[string, string, 'gsm7' | 'ucs2', number, number]> = [
    ['an empty text', '', 'gsm7', 0, 0],
    ['one GSM character', 'a', 'gsm7', 1, 1],
    ['160 GSM characters fit one message', gsm(160), 'gsm7', 160, 1],
    ['161 GSM characters need two parts', gsm(161), 'gsm7', 161, 2],
    ['153 GSM characters are one message', gsm(153), 'gsm7', 153, 1],
    ['306 GSM characters are exactly two parts of 153', gsm(306), 'gsm7', 306, 2],
    ['307 GSM characters need three parts', gsm(307), 'gsm7', 307, 3],
    ['the euro sign counts two septets', '€', 'gsm7', 2, 1],
    ['^{}[]~|\\ count two septets each', '^{}[]~|\\', 'gsm7', 16, 1],
    ['80 euro signs (160 septets) fit one message', '€'.repeat(80), 'gsm7', 160, 1],
    ['80 euro signs and one letter (161 septets) need two', `${'€'.repeat(80)}a`, 'gsm7', 161, 2],
    ['70 Chinese characters fit one UCS-2 message', '汉'.repeat(70), 'ucs2', 70, 1],
    ['71 Chinese characters need two parts', '汉'.repeat(71), 'ucs2', 71, 2],
    ['67 UCS-2 characters are one message', '汉'.repeat(67), 'ucs2', 67, 1],
    ['134 UCS-2 characters are exactly two parts of 67', '汉'.repeat(134), 'ucs2', 134, 2],
    ['one Chinese character turns a GSM text into UCS-2', `${gsm(69)}汉`, 'ucs2', 70, 1],
    ['an emoji is two UTF-16 code units', '😀'.repeat(35), 'ucs2', 70, 1],
    ['36 emoji (72 code units) need two parts', '😀'.repeat(36), 'ucs2', 72, 2],
  ];
  for (const [name, text, encoding, units, segments] of table) {
    it(`${name}: ${encoding}, ${units} units, ${segments} segment(s)`, () => {
      const length = smsLength(text);
      expect([length.encoding, length.units, length.segments]).to.deep.equal([encoding, units, segments]);
    });
  }

  it('says how much room is left in the current parts', () => {
    expect(smsLength(gsm(150)).remaining).to.equal(10);
    expect(smsLength(gsm(161))).to.include({ perSegment: 153, remaining: 306 - 161 });
    expect(smsLength('汉'.repeat(10))).to.include({ perSegment: 70, remaining: 60, characters: 10 });
  });
});

describe('SMS templates', () => {
  const template = { body: 'Hi {{name}}, ticket {{ ticketNumber }} by {{agent}}.', variables: ['name', 'ticketNumber'], signature: '[Yuntu]' };

  it('lists the declared variables and those only the body uses', () => {
    expect(templateVariables(template)).to.deep.equal(['name', 'ticketNumber', 'agent']);
  });

  it('fills the known variables and reports the missing ones, which stay visible', () => {
    const rendered = renderTemplate(template, { name: 'Emily', ticketNumber: '  ', extra: 'x' });
    expect(rendered.text).to.equal('Hi Emily, ticket {{ ticketNumber }} by {{agent}}.');
    expect(rendered.missing).to.deep.equal(['ticketNumber', 'agent']);
    expect(rendered.unused).to.deep.equal(['extra']);
  });

  it('inserts values as they are: markup and placeholders in a value stay text', () => {
    const rendered = renderTemplate(template, { name: '<img src=x onerror=alert(1)>', ticketNumber: '{{agent}}', agent: '$&' });
    expect(rendered.text).to.equal('Hi <img src=x onerror=alert(1)>, ticket {{agent}} by $&.');
    expect(rendered.missing).to.deep.equal([]);
  });

  it('puts a Chinese signature in front and any other before a space', () => {
    expect(withSignature('您好', '【云途客服】')).to.equal('【云途客服】您好');
    expect(withSignature('Hi', '[Yuntu]')).to.equal('[Yuntu] Hi');
    expect(withSignature('Hi', null)).to.equal('Hi');
  });
});

describe('SMS checks before sending', () => {
  before(() => loadPhoneSupport());

  it('accepts Chinese mobile numbers and refuses landlines and garbage', () => {
    expect(checkMobileNumber('+8613800138000')).to.deep.equal({ ok: true, e164: '+8613800138000' });
    expect(checkMobileNumber('138 0013 8000', 'CN')).to.deep.equal({ ok: true, e164: '+8613800138000' });
    expect(checkMobileNumber('+861088886666')).to.deep.equal({ ok: false, problem: 'not-mobile' });
    expect(checkMobileNumber('12345')).to.deep.equal({ ok: false, problem: 'invalid' });
    expect(checkMobileNumber('   ')).to.deep.equal({ ok: false, problem: 'empty' });
    expect(checkMobileNumber('+14155550123')).to.include({ ok: true });
  });

  it('refuses a landline, a missing variable and an over-length message, each with its reason', () => {
    const template = { body: '{{name}}: {{text}}', variables: ['name', 'text'], signature: null };
    const result = checkSmsDraft({ to: '+861088886666', template, values: { name: 'A', text: 'x'.repeat(2000) }, maxSegments: 10 });
    expect(result.problems).to.deep.equal([
      { code: 'number', problem: 'not-mobile' },
      { code: 'too-long', segments: 14, max: 10 },
    ]);
    const missing = checkSmsDraft({ to: '+8613800138000', template, values: { name: 'A' } });
    expect(missing.problems).to.deep.equal([{ code: 'missing-variables', names: ['text'] }]);
    expect(missing.preview).to.equal('A: {{text}}');
  });

  it('counts the signature in the preview and the segments', () => {
    const template = { body: '您好{{name}}', variables: ['name'], signature: '【云途客服】' };
    const result = checkSmsDraft({ to: '+8613800138000', template, values: { name: '张伟' } });
    expect(result.preview).to.equal('【云途客服】您好张伟');
    expect(result.length).to.include({ encoding: 'ucs2', units: 10, segments: 1 });
    expect(result.problems).to.deep.equal([]);
    expect(result.to).to.equal('+8613800138000');
  });
});
