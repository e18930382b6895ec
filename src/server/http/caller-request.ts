import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

/**
 * What deciding who is calling reads from a request, whatever carries it: a Hono Context or a bare
 * node:http request (the run read lane, src/server/middleware/run-read-lane.ts). Only these, so both
 * paths reach the same decision from the same inputs.
 */
export interface CallerRequest {
  /** A request header by its lower-case name; undefined when absent. */
  header(name: string): string | undefined;
  /** The TCP peer as the socket reports it; null when the request did not come over a socket (in-process tests). */
  peer(): string | null;
  /** True when the request reached Runwatch itself over TLS (not a proxy's word for it). */
  tls(): boolean;
}

/** A Hono request as a CallerRequest. */
export function callerRequestOf(c: Context): CallerRequest {
  return {
    header: (name) => c.req.header(name),
    peer: () => {
      // @hono/node-server puts the Node request in the env; other runtimes (and app.request) do not.
      const env = c.env as { incoming?: { socket?: { remoteAddress?: unknown } } } | undefined;
      const address = env?.incoming?.socket?.remoteAddress;
      return typeof address === 'string' && address ? address : null;
    },
    tls: () => new URL(c.req.url).protocol === 'https:',
  };
}

/**
 * A node:http request as a CallerRequest. A header's value is read from the raw lines, each line's
 * value joined with `, ` as fetch's Headers (and so Hono) do: Node's own `headers` keeps only the
 * first line of some (Authorization, From, Referer, User-Agent, Host…) and joins Cookie lines with `; `.
 */
export function callerRequestOfIncoming(incoming: IncomingMessage): CallerRequest {
  return new IncomingCaller(incoming);
}

/** A class: one small object per request, its methods shared. */
class IncomingCaller implements CallerRequest {
  constructor(private readonly incoming: IncomingMessage) {}

  header(name: string): string | undefined {
    const raw = this.incoming.rawHeaders;
    let value: string | undefined;
    for (let i = 0; i < raw.length; i += 2) {
      const line = raw[i]!;
      if (line.length === name.length && line.toLowerCase() === name) value = value === undefined ? raw[i + 1]! : `${value}, ${raw[i + 1]!}`;
    }
    return value;
  }

  peer(): string | null {
    return this.incoming.socket.remoteAddress ?? null;
  }

  tls(): boolean {
    return (this.incoming.socket as { encrypted?: boolean }).encrypted === true;
  }
}

/** False when the request carries several Cookie lines, which Node and fetch join differently. */
export function hasOneCookieLine(incoming: IncomingMessage): boolean {
  const raw = incoming.rawHeaders;
  let lines = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length === 6 && name.toLowerCase() === 'cookie') lines += 1;
  }
  return lines <= 1;
}
