import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { callerRequestOfIncoming } from './caller-request';

/** Header lines as Node parses them: `headers` keeps the first From line only and joins X-User. */
function incomingWith(rawHeaders: string[]): IncomingMessage {
  return { rawHeaders, headers: { from: 'alice@example.com', host: 'h', 'x-user': 'a, b' }, socket: {} } as unknown as IncomingMessage;
}

describe('callerRequestOfIncoming', () => {
  it('joins every line of a repeated header with ", " as fetch does, even those Node keeps only the first of', () => {
    const request = callerRequestOfIncoming(
      incomingWith(['From', 'alice@example.com', 'Host', 'h', 'from', 'mallory@example.com', 'X-User', 'a', 'x-user', 'b']),
    );
    expect(request.header('from')).toBe('alice@example.com, mallory@example.com');
    expect(request.header('x-user')).toBe('a, b');
    expect(request.header('host')).toBe('h');
    expect(request.header('authorization')).toBeUndefined();
  });
});
