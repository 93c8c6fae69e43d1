import { expect } from '@open-wc/testing';
import type { ConversationSegment, SmartFillValue } from '../adapter/types.js';
import { canUndoFill, createFormModel } from './form-state.js';

const segments: ConversationSegment[] = [
  { id: 's1', callId: 'c', speaker: 'customer', text: 'My order is YT20261118, email me at li@example.com', final: true, seq: 1, at: '2026-12-07T08:00:00.000Z' },
];
const value = (key: string, v: string, confidence = 0.9): SmartFillValue => ({ key, value: v, confidence, segmentIds: ['s1'] });

describe('form state: one set of fill rules', () => {
  it('a fill writes empty keys with their source, and never overwrites what the agent typed: that gets a suggestion', () => {
    const form = createFormModel({ remark: '', 'fields.orderNumber': null });
    form.edit('remark', 'typed by the agent');
    const keys = form.fill([value('remark', 'from the call'), value('fields.orderNumber', 'YT20261118')], segments);
    const state = form.$state.get();
    expect(keys).to.deep.equal(['fields.orderNumber']);
    expect(state.values).to.deep.equal({ remark: 'typed by the agent', 'fields.orderNumber': 'YT20261118' });
    expect(state.filled['fields.orderNumber']).to.deep.include({ source: 'smart-fill', segmentIds: ['s1'], text: segments[0]!.text });
    expect(state.suggestions['remark']).to.deep.include({ value: 'from the call', reason: 'typed' });
  });

  it('an unsure value is only offered, never written', () => {
    const form = createFormModel({ 'fields.email': null });
    form.fill([value('fields.email', 'li@example.com', 0.3)], segments);
    const state = form.$state.get();
    expect(state.values['fields.email']).to.equal(null);
    expect(state.suggestions['fields.email']).to.deep.include({ value: 'li@example.com', reason: 'unsure' });
  });

  it('a prefill fills only keys that are empty and untouched', () => {
    const form = createFormModel({ title: '', description: 'kept', remark: '' });
    form.edit('remark', '');
    form.prefill({ title: 'Refund', description: 'overwritten?', remark: 'cleared by the agent' });
    expect(form.$state.get().values).to.deep.equal({ title: 'Refund', description: 'kept', remark: '' });
    expect(form.$state.get().filled).to.deep.equal({});
  });

  it('undo puts back, in one step, only the filled keys the agent has not changed since', () => {
    const form = createFormModel({ remark: '', 'fields.orderNumber': null, 'fields.email': null });
    form.fill([value('remark', 'from the call'), value('fields.orderNumber', 'YT20261118'), value('fields.email', 'li@example.com')], segments);
    expect(canUndoFill(form.$state.get())).to.equal(true);
    form.edit('fields.email', 'wang@example.com');
    form.undoFill();
    const state = form.$state.get();
    expect(state.values).to.deep.equal({ remark: '', 'fields.orderNumber': null, 'fields.email': 'wang@example.com' });
    expect(state.filled).to.deep.equal({});
    expect(canUndoFill(state)).to.equal(false);
  });

  it('taking a suggestion makes the value the agent\'s own: the next fill does not overwrite it', () => {
    const form = createFormModel({ remark: 'typed' });
    form.edit('remark', 'typed');
    form.fill([value('remark', 'from the call')], segments);
    form.acceptSuggestion('remark');
    expect(form.$state.get().values['remark']).to.equal('from the call');
    expect(form.$state.get().suggestions).to.deep.equal({});
    form.fill([value('remark', 'a later fill')], segments);
    expect(form.$state.get().values['remark']).to.equal('from the call');
    form.dismissSuggestion('remark');
    expect(form.$state.get().suggestions).to.deep.equal({});
  });
});
