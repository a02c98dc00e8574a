import { describe, expect, it } from 'vitest';
import { sendError } from '../../../../src/modules/mail/transport.ts';

describe('what a failed send records', () => {
  it("adds the server's answer when the message does not already carry it", () => {
    const err = Object.assign(new Error('Message failed'), { response: '451 4.3.0 Try again later', responseCode: 451 });
    expect(sendError(err)).toBe('Message failed (SMTP 451 4.3.0 Try again later)');
    const said = Object.assign(new Error('Message failed: 550 no such user'), { response: '550 no such user' });
    expect(sendError(said)).toBe('Message failed: 550 no such user');
    expect(sendError(Object.assign(new Error('Refused'), { responseCode: 554 }))).toBe('Refused (SMTP 554)');
  });

  it('drops NUL, which a text column refuses, and keeps to 2,000 characters', () => {
    expect(sendError(Object.assign(new Error('bad\u0000reply'), { response: '500 odd\u0000' }))).toBe('badreply (SMTP 500 odd)');
    expect(sendError(new Error('x'.repeat(5000)))).toHaveLength(2000);
    expect(sendError('plain')).toBe('plain');
  });
});
