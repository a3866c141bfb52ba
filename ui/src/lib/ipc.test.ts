import { describe, expect, it } from 'vitest';
import { asIpcError, isIpcError } from './ipc';

describe('errors from commands', () => {
  it('recognises the {code, message} shape', () => {
    expect(isIpcError({ code: 'not_found', message: 'there is no clipping with id 3' })).toBe(true);
    expect(isIpcError('a string')).toBe(false);
    expect(isIpcError({ message: 'no code' })).toBe(false);
  });
  it('turns anything else into an internal error with its message', () => {
    expect(asIpcError(new Error('boom'))).toEqual({ code: 'internal', message: 'boom' });
    expect(asIpcError('plain')).toEqual({ code: 'internal', message: 'plain' });
  });
});
