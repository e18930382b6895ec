import http from 'node:http';

/** An answer as sent: the body's bytes undecoded (fetch would undo a Content-Encoding). */
export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** GET `pathname` from `baseUrl` as a viewer of a harness that trusts the test role header. */
export function rawGet(baseUrl: string, pathname: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${baseUrl}${pathname}`, { headers: { 'x-test-role': 'viewer', ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}
