// The create-ticket form's rules, in the workbench (tickets.form(callId)): what <ticket-form> renders.
// No element and no sleeps: the in-memory backend answers at once, time is a ManualClock.
import { expect } from '@open-wc/testing';
import { AdapterError } from '../adapter/errors.js';
import { createDefaultSeed, MemoryBackend, SEED_IDS } from '../adapter/memory/index.js';
import { emptyTicketForm } from '../forms/ticket-form.js';
import { SimulatedSoftphone } from '../telephony/simulated-softphone.js';
import { ManualClock } from '../time/manual-clock.js';
import { flattenTicketForm, ticketForm, ticketPrefillValues, TicketFormError, ticketsModule, unflattenTicketForm } from './tickets.js';
import { createWorkbench, type Workbench } from './workbench.js';

const CALL = SEED_IDS.latestCall;
const START = '2026-12-07T08:00:00.000Z';

describe('tickets module: the create-ticket form', () => {
  let clock: ManualClock;
  let backend: MemoryBackend;
  let workbench: Workbench;
  /** The idempotency key of every create the backend was sent. */
  let keys: string[];

  beforeEach(async () => {
    clock = new ManualClock(START);
    const now = (): Date => new Date(clock.now());
    backend = new MemoryBackend({ seed: createDefaultSeed(now()), now });
    keys = [];
    const { create } = backend.tickets;
    (backend as { tickets: MemoryBackend['tickets'] }).tickets = {
      ...backend.tickets,
      create: (input, options) => {
        keys.push(String(options?.idempotencyKey));
        return create(input, options);
      },
    };
    workbench = createWorkbench({ adapter: backend, softphone: new SimulatedSoftphone({ now: clock.now }), storage: null, now: clock.now });
    await workbench.start();
  });

  afterEach(() => workbench.dispose());

  const tickets = () => workbench.use(ticketsModule);

  it('flattens the form to the flat keys of the fill rules and back, and reads a prefill the same way', () => {
    const values = { ...emptyTicketForm(), title: 'Lost parcel', priority: 'high' as const, categoryId: 'cat-a', fields: { channel: 'app', note: undefined } };
    const flat = flattenTicketForm(values);
    expect(flat).to.deep.equal({ title: 'Lost parcel', description: '', priority: 'high', categoryId: 'cat-a', assigneeId: null, 'fields.channel': 'app' });
    expect(unflattenTicketForm(flat)).to.deep.equal({ ...values, fields: { channel: 'app' } });
    expect(unflattenTicketForm({ priority: 'whenever', title: 3 })).to.deep.equal(emptyTicketForm());
    expect(ticketPrefillValues({ title: 'T', priority: 'soon', assigneeId: 7, channel: 'app' })).to.deep.equal({ title: 'T', 'fields.channel': 'app' });
  });

  it('a prefill fills only empty fields the agent has not touched; a priority only over the default', () => {
    const form = ticketForm(tickets(), CALL);
    form.edit('title', 'Typed by the agent');
    form.prefill({ title: 'From the page', description: 'From the page too', priority: 'high', channel: 'app' });
    expect(form.$state.get().values).to.deep.include({ title: 'Typed by the agent', description: 'From the page too', priority: 'high' });
    expect(form.$state.get().values.fields).to.deep.equal({ channel: 'app' });
    form.prefill({ priority: 'low', description: 'Again' });
    expect(form.$state.get().values).to.deep.include({ priority: 'high', description: 'From the page too' });
    // Prefilled values are where the form starts, not smart fill's: no highlight, nothing to undo.
    expect(form.$state.get().filled).to.deep.equal({});
    expect(form.$state.get().canUndo).to.equal(false);
    expect(tickets().getDraft(CALL)?.title).to.equal('Typed by the agent');
  });

  it('smart fill never overwrites what the agent typed, not on a second fill either: it offers a suggestion', async () => {
    const form = ticketForm(tickets(), CALL);
    form.edit('title', 'Typed by the agent');
    await form.fill();
    let state = form.$state.get();
    expect(state.fill.status).to.equal('filled');
    expect(state.values.title).to.equal('Typed by the agent');
    expect(state.suggestions['title']).to.deep.include({ reason: 'typed' });
    expect(state.filled['description']?.text, 'the line the description came from').to.be.a('string').and.not.equal('');
    expect(state.fill.filledCount).to.equal(Object.keys(state.filled).length);
    await form.fill();
    state = form.$state.get();
    expect(state.values.title).to.equal('Typed by the agent');
    expect(state.typed).to.include('title');
    // Taking the suggestion makes it the agent's own: the next fill leaves it too.
    const suggested = state.suggestions['title']!.value;
    form.acceptSuggestion('title');
    await form.fill();
    expect(form.$state.get().values.title).to.equal(suggested);
    expect(form.$state.get().filled['title']).to.equal(undefined);
  });

  it('"Undo fill" puts back the values from before the fill, in one step, and leaves a field changed since', async () => {
    const form = ticketForm(tickets(), CALL);
    form.prefill({ description: 'From the order page' });
    await form.fill();
    const filled = form.$state.get();
    expect(filled.canUndo).to.equal(true);
    expect(filled.values.description).to.not.equal('From the order page');
    expect(filled.values.title).to.not.equal('');
    form.edit('title', 'Changed after the fill');
    form.undoFill();
    const undone = form.$state.get();
    expect(undone.values.description).to.equal('From the order page');
    expect(undone.values.title).to.equal('Changed after the fill');
    expect(undone.filled).to.deep.equal({});
    expect(undone.canUndo).to.equal(false);
    expect(undone.fill.status).to.equal('idle');
    expect(tickets().getDraft(CALL)?.description).to.equal('From the order page');
  });

  it('keeps the draft through a failed create, retries with the same idempotency key, and clears the draft only on confirm', async () => {
    const form = ticketForm(tickets(), CALL);
    form.edit('title', 'Retry after a timeout');
    form.edit('fields.channel', 'app');
    expect(workbench.stores.$drafts.get()[`ticket:${CALL}`]?.updatedAt, 'stamped by the workbench clock').to.equal(clock.now());
    backend.failNext('tickets.create', new AdapterError('timeout', 'No answer in time'), 1, { afterWrite: true });
    const failed = await form.submit().then(
      () => null,
      (error: unknown) => error,
    );
    expect(failed).to.be.instanceOf(AdapterError);
    let state = form.$state.get();
    expect(state).to.deep.include({ saving: false, failure: 'No answer in time' });
    expect(state.values.title).to.equal('Retry after a timeout');
    expect(tickets().getDraft(CALL)?.title).to.equal('Retry after a timeout');
    // The form is shown again (another element, or after switching calls): still the draft.
    form.open();
    expect(form.$state.get()).to.deep.include({ restored: true, failure: null });
    const ticket = await form.submit();
    expect(ticket).to.deep.include({ title: 'Retry after a timeout', callId: CALL });
    expect(keys).to.have.length(2);
    expect(keys[1]).to.equal(keys[0]);
    expect(backend.writeCount('tickets.create')).to.equal(1);
    expect(tickets().getDraft(CALL)).to.equal(null);
    state = form.$state.get();
    expect(state.values).to.deep.equal(emptyTicketForm());
    expect(state).to.deep.include({ restored: false, failure: null, saving: false, canUndo: false });
  });

  it('a second create while one is in flight is the same request', async () => {
    const form = ticketForm(tickets(), CALL);
    form.edit('title', 'Double click');
    form.edit('fields.channel', 'app');
    const first = form.submit();
    expect(form.$state.get().saving).to.equal(true);
    const second = form.submit();
    expect(second).to.equal(first);
    await first;
    expect(backend.writeCount('tickets.create')).to.equal(1);
  });

  it('an incomplete form sends nothing and says why; typing into a field clears its problem', async () => {
    const form = ticketForm(tickets(), CALL);
    const refused = await form.submit().then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).to.be.instanceOf(TicketFormError);
    const problems = form.$state.get().problems;
    expect(problems['title']?.code).to.equal('required');
    expect(problems['channel']?.code).to.equal('required');
    expect(form.$state.get().failure).to.equal(null);
    expect(backend.writeCount('tickets.create')).to.equal(0);
    form.edit('title', 'Now with a title');
    form.edit('fields.channel', 'app');
    expect(form.$state.get().problems).to.deep.equal({});
  });

  it('one form per call for every element; a discarded draft or one changed elsewhere starts the form over', async () => {
    const form = ticketForm(tickets(), CALL);
    expect(ticketForm(tickets(), CALL)).to.equal(form);
    form.edit('title', 'Half-typed');
    const other = ticketForm(tickets(), SEED_IDS.englishCall);
    expect(other.$state.get().values.title).to.equal('');
    // Cancel keeps the draft; the form shown again says it was restored.
    form.cancel();
    form.open();
    expect(form.$state.get()).to.deep.include({ restored: true });
    expect(form.$state.get().values.title).to.equal('Half-typed');
    tickets().discardDraft(CALL);
    form.open();
    expect(form.$state.get()).to.deep.include({ restored: false, values: emptyTicketForm(), typed: [] });
    // A fill started before the form starts over does not write into the new form.
    form.edit('title', 'Thrown away');
    const filling = form.fill();
    expect(form.$state.get().fill.status).to.equal('running');
    form.discard();
    await filling;
    expect(form.$state.get().values).to.deep.equal(emptyTicketForm());
    expect(form.$state.get().fill.status).to.equal('idle');
    expect(tickets().getDraft(CALL)).to.equal(null);
  });
});
