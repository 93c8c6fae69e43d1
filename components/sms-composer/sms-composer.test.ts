import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { AdapterError } from '../../src/adapter/errors.js';
import { createDefaultSeed, SEED_IDS } from '../../src/adapter/memory/index.js';
import { smsModule } from '../../src/workbench/sms.js';
import { button, createTestRig, expectNoSubscriptionLeak, partText, TEST_START, testBackend, type TestRig, typeInto } from '../shared/test-rig.js';
import type { SmsComposer } from './sms-composer.js';
import type { CallpopSmsSentEvent } from './sms-sent-event.js';
import './define.js';

const CALL = SEED_IDS.latestCall; // 张伟, +8613800138000 (and a landline)

describe('<sms-composer>', () => {
  let rig: TestRig;

  beforeEach(async () => {
    rig = await createTestRig();
  });

  afterEach(() => rig.dispose());

  async function open(callId: string = CALL, r: TestRig = rig): Promise<SmsComposer> {
    const el = await fixture<SmsComposer>(html`<sms-composer lang="en" call-id=${callId} .workbench=${r.workbench}></sms-composer>`);
    await waitUntil(() => el.shadowRoot!.querySelector('form') !== null, 'the composer never showed');
    return el;
  }

  const $ = <T extends Element>(el: Element, selector: string): T => {
    const found = el.shadowRoot!.querySelector<T>(selector);
    if (!found) throw new Error(`no ${selector}`);
    return found;
  };

  async function choose(el: SmsComposer, selector: string, value: string): Promise<void> {
    const select = $<HTMLSelectElement>(el, selector);
    select.value = value;
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
  }

  const variable = (el: SmsComposer, name: string): HTMLInputElement => $<HTMLInputElement>(el, `[data-name="${name}"] input`);

  /** An inbound call the backend has a record of (an SMS names its call). */
  async function inboundCall(number: string): Promise<string> {
    const id = rig.softphone.simulateInbound(number);
    await waitUntil(() => rig.workbench.stores.$calls.get()[id]?.record != null, 'the call was never recorded');
    return id;
  }

  it('fills the template from the call: customer name, call time, agent, and previews the text with its length', async () => {
    const el = await open();
    expect([...$<HTMLSelectElement>(el, '#template').options].map((o) => o.textContent!.trim())).to.include.members([
      '未接来电回访',
      'Ticket update (English)',
    ]);
    await choose(el, '#template', 'sms-missed-callback');
    expect(variable(el, 'name').value).to.equal('张伟');
    expect(variable(el, 'agent').value).to.equal('李娜');
    expect(variable(el, 'callTime').value).to.match(/\d/);
    const preview = partText(el, 'preview');
    expect(preview).to.match(/^【云途客服】张伟您好，我们于/);
    expect(preview).to.contain('客服李娜将尽快回电');
    expect(partText(el, 'counter')).to.match(/^\d+ characters · 2 SMS · UCS-2 \(Unicode\)/);
    expect(el.shadowRoot!.querySelector('[part~="variable-missing"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('fills the latest ticket number of the call', async () => {
    const el = await open(SEED_IDS.transferredCall);
    await choose(el, '#template', 'sms-ticket-update-en');
    const { items } = await rig.backend.tickets.listByCall(SEED_IDS.transferredCall, { limit: 1 });
    expect(items[0]).to.not.equal(undefined);
    expect(variable(el, 'ticketNumber').value).to.equal(items[0]!.number);
    // Latin names only: the message fits the GSM alphabet.
    typeInto(variable(el, 'name'), 'Emily');
    typeInto(variable(el, 'agent'), 'Li Na');
    await el.updateComplete;
    expect(partText(el, 'counter')).to.match(/ · 1 SMS · GSM-7 · /);
  });

  it('sends to the call’s number and shows the backend’s answer', async () => {
    const el = await open();
    await choose(el, '#template', 'sms-ticket-update-en');
    typeInto(variable(el, 'ticketNumber'), 'T-42');
    await el.updateComplete;
    const sent = oneEvent(el, 'callpop-sms-sent');
    button(el.shadowRoot!, 'Send').click();
    const { result } = ((await sent) as CallpopSmsSentEvent).detail;
    expect(result.status).to.equal('queued');
    await el.updateComplete;
    expect(partText(el, 'result')).to.equal('Queued for sending (2 SMS).');
    const [sms] = rig.backend.sentSms();
    expect(sms!.request).to.deep.include({ to: SEED_IDS.zhangWeiPhone, templateId: 'sms-ticket-update-en', callId: CALL, customerId: SEED_IDS.zhangWei });
    expect(sms!.body).to.equal('[Yuntu Support] Hi 张伟, your request T-42 is being handled by 李娜. We will call you back soon. Reply STOP to opt out.');
    await expect(el).to.be.accessible();
  });

  it('flags a variable the call cannot fill and refuses to send until it is filled', async () => {
    const id = await inboundCall(SEED_IDS.unknownPhone);
    const el = await open(id);
    await choose(el, '#template', 'sms-direct-line-en');
    expect(variable(el, 'name').getAttribute('aria-invalid')).to.equal('true');
    expect(partText(el, 'variable-missing')).to.equal('Missing');
    expect(partText(el, 'preview')).to.contain('Hi {{name}}');
    button(el.shadowRoot!, 'Send').click();
    await waitUntil(() => partText(el, 'refusal') !== '');
    expect(partText(el, 'refusal')).to.equal('Not sent: fill in Customer name.');
    expect(el.shadowRoot!.activeElement).to.equal(variable(el, 'name'));
    expect(rig.backend.writeCount('sms.send')).to.equal(0);
    await expect(el).to.be.accessible();
    typeInto(variable(el, 'name'), 'Mr Wu');
    await el.updateComplete;
    expect(partText(el, 'refusal')).to.equal('');
    const sent = oneEvent(el, 'callpop-sms-sent');
    button(el.shadowRoot!, 'Send').click();
    await sent;
    expect(rig.backend.sentSms()[0]!.body).to.contain('Hi Mr Wu, this is 李娜');
  });

  it('switches to another of the customer’s numbers, and refuses one that is not a mobile', async () => {
    const el = await open();
    expect([...$<HTMLSelectElement>(el, '#to').options].map((o) => o.value)).to.deep.equal(['+8613800138000', '+861088886666']);
    await choose(el, '#template', 'sms-ticket-update-en');
    typeInto(variable(el, 'ticketNumber'), 'T-1');
    await choose(el, '#to', '+861088886666');
    button(el.shadowRoot!, 'Send').click();
    await waitUntil(() => partText(el, 'refusal') !== '');
    expect(partText(el, 'refusal')).to.equal('Not sent: +86 10 8888 6666 is not a mobile number; an SMS can only go to a mobile.');
    expect($(el, '#to').getAttribute('aria-invalid')).to.equal('true');
    expect(rig.backend.writeCount('sms.send')).to.equal(0);
  });

  it('refuses a message longer than the allowed number of SMS', async () => {
    rig.workbench.use(smsModule).configure({ maxSegments: 2 });
    const el = await open();
    await choose(el, '#template', 'sms-ticket-update-en');
    typeInto(variable(el, 'ticketNumber'), 'x'.repeat(400));
    await el.updateComplete;
    expect(partText(el, 'counter')).to.match(/ 8 SMS · UCS-2/);
    button(el.shadowRoot!, 'Send').click();
    await waitUntil(() => partText(el, 'refusal') !== '');
    expect(partText(el, 'refusal')).to.equal('Not sent: the message is 8 SMS long; at most 2 are allowed.');
    expect(rig.backend.writeCount('sms.send')).to.equal(0);
  });

  it('sends one SMS on a double click', async () => {
    rig.backend.setLatency(50, 'sms.send');
    const el = await open();
    await choose(el, '#template', 'sms-ticket-update-en');
    typeInto(variable(el, 'ticketNumber'), 'T-7');
    await el.updateComplete;
    const send = button(el.shadowRoot!, 'Send');
    send.click();
    send.click();
    // A third send of the same message, through the module, replays the same key.
    const again = rig.workbench.use(smsModule).send(CALL, { to: SEED_IDS.zhangWeiPhone, templateId: 'sms-ticket-update-en', values: { name: '张伟', agent: '李娜', ticketNumber: 'T-7' } });
    await again;
    await waitUntil(() => partText(el, 'result') !== '');
    expect(rig.backend.sentSms()).to.have.length(1);
    expect(rig.backend.writeCount('sms.send')).to.equal(1);
  });

  it('keeps everything after a failed send, says why, and the retry sends one SMS with the same key', async () => {
    const el = await open();
    await choose(el, '#template', 'sms-ticket-update-en');
    typeInto(variable(el, 'ticketNumber'), 'T-9');
    await el.updateComplete;
    rig.backend.failNext('sms.send', new AdapterError('timeout', 'No answer in time'), 1, { afterWrite: true });
    button(el.shadowRoot!, 'Send').click();
    await waitUntil(() => partText(el, 'failure') !== '', 'no failure shown');
    expect(partText(el, 'failure')).to.contain('The SMS was not sent: No answer in time. Everything you typed is kept; try again.');
    expect(variable(el, 'ticketNumber').value).to.equal('T-9');
    expect($<HTMLSelectElement>(el, '#template').value).to.equal('sms-ticket-update-en');
    await expect(el).to.be.accessible();
    const sent = oneEvent(el, 'callpop-sms-sent');
    button(el.shadowRoot!, 'Try again').click();
    await sent;
    expect(rig.backend.sentSms()).to.have.length(1);
    expect(rig.backend.writeCount('sms.send')).to.equal(1);
  });

  it('shows a carrier’s refusal as a failed SMS with its reason, kept for the call', async () => {
    const id = await inboundCall('+8617012345678');
    const el = await open(id);
    await choose(el, '#template', 'sms-direct-line-en');
    typeInto(variable(el, 'name'), 'Ms Lin');
    await el.updateComplete;
    button(el.shadowRoot!, 'Send').click();
    await waitUntil(() => partText(el, 'result') !== '');
    expect(partText(el, 'result')).to.equal('The SMS failed: Carrier rejected the number');
    expect($(el, '[part~="result"]').getAttribute('data-status')).to.equal('failed');
    el.remove();
    const again = await open(id);
    expect(partText(again, 'result')).to.equal('The SMS failed: Carrier rejected the number');
  });

  it('renders markup in template names, bodies and values as text', async () => {
    rig.dispose();
    const seed = createDefaultSeed(new Date(TEST_START));
    const backend = testBackend({
      seed: {
        ...seed,
        smsTemplates: [{ id: 'evil', name: '<b>Bold</b> name', body: '<img src=x onerror="window.__x=1">Hi {{name}}', variables: ['name'], signature: null }],
      },
    });
    rig = await createTestRig({ backend });
    const el = await open();
    await choose(el, '#template', 'evil');
    typeInto(variable(el, 'name'), '<script>window.__y=1</script>');
    await el.updateComplete;
    expect($<HTMLSelectElement>(el, '#template').selectedOptions[0]!.textContent).to.equal('<b>Bold</b> name');
    expect(partText(el, 'preview')).to.equal('<img src=x onerror="window.__x=1">Hi <script>window.__y=1</script>');
    expect(el.shadowRoot!.querySelector('b, img, script')).to.equal(null);
  });

  it('restores an unsent message after the composer is closed', async () => {
    const el = await open();
    await choose(el, '#template', 'sms-ticket-update-en');
    typeInto(variable(el, 'ticketNumber'), 'T-half');
    el.remove();
    const again = await open();
    expect(partText(again, 'notice')).to.equal('Your unsent message was restored.');
    expect(variable(again, 'ticketNumber').value).to.equal('T-half');
  });

  it('says when there is no call, and when the templates cannot be loaded, with a retry', async () => {
    const none = await fixture<SmsComposer>(html`<sms-composer lang="en" .workbench=${rig.workbench}></sms-composer>`);
    expect(partText(none, 'status')).to.equal('Choose a call to send an SMS for.');
    rig.dispose();
    rig = await createTestRig();
    rig.backend.failNext('sms.templates', new AdapterError('server', 'Backend down'));
    const el = await fixture<SmsComposer>(html`<sms-composer lang="en" call-id=${CALL} .workbench=${rig.workbench}></sms-composer>`);
    await waitUntil(() => partText(el, 'status').startsWith('Could not'));
    expect(partText(el, 'status')).to.contain('Could not load the SMS templates: Backend down');
    button(el.shadowRoot!, 'Try again').click();
    await waitUntil(() => el.shadowRoot!.querySelector('form') !== null);
  });

  it('releases its store subscriptions when disconnected, and closes with an event', async () => {
    const el = await open();
    const closed = oneEvent(el, 'callpop-sms-composer-close');
    button(el.shadowRoot!, 'Close').click();
    await closed;
    await expectNoSubscriptionLeak(el, rig.workbench);
  });
});
