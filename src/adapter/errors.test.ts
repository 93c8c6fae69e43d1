import { expect } from '@open-wc/testing';
import { AdapterError } from './errors.js';

describe('AdapterError', () => {
  it('says a server failure may be retried and a validation failure may not', () => {
    expect(new AdapterError('server', 'x').retryable, 'a server error is retryable').to.equal(true);
    expect(new AdapterError('validation', 'x').retryable, 'a validation error is retryable').to.equal(false);
  });
});
