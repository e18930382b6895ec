import { describe, expect, it } from 'vitest';
import { MAX_LOOKUP_IDS, MAX_PASTE_LENGTH, parsePastedIds, pasteIdKind, pastedIdsQuery, type PastedId } from './paste-ids';

const run = (id: string): PastedId => ({ kind: 'run', id });
const req = (id: string): PastedId => ({ kind: 'request', id });

/** Pastes as they arrive in tickets, and the ids each must give, in order. */
const PASTES: Array<{ name: string; paste: string; ids: PastedId[] }> = [
  { name: 'a bare run id', paste: 'trun_9Qm2Lx7Pa4', ids: [run('trun_9Qm2Lx7Pa4')] },
  { name: 'a bare request id with spaces and a newline', paste: '  req_d41c7b2e90 \n', ids: [req('req_d41c7b2e90')] },
  { name: 'a Runwatch run link', paste: 'https://runwatch.acme.internal/runs/trun_4Tb8Nc2Qw1?tab=errors', ids: [run('trun_4Tb8Nc2Qw1')] },
  { name: 'a Runwatch lookup link', paste: 'https://runwatch.acme.internal/lookup?q=req_8e3a11f0c2', ids: [req('req_8e3a11f0c2')] },
  {
    name: 'an upstream API URL with an include list',
    paste: 'GET https://api.tasks.example.com/v2/task-runs/trun_2Hs6Jf0Vb8?include=input,storage,artifacts',
    ids: [run('trun_2Hs6Jf0Vb8')],
  },
  {
    name: 'an upstream dashboard URL with task and run',
    paste: 'https://app.tasks.example.com/tasks/task_F3kd81Ws/runs/trun_7Wq3Dz9Kp6#screenshots',
    ids: [{ kind: 'task', id: 'task_F3kd81Ws' }, run('trun_7Wq3Dz9Kp6')],
  },
  { name: 'a URL-encoded link', paste: 'https%3A%2F%2Frunwatch.acme.internal%2Fruns%2Ftrun_9Qm2Lx7Pa4%3Ftab%3Dfiles', ids: [run('trun_9Qm2Lx7Pa4')] },
  {
    name: 'a doubly URL-encoded link inside a redirect',
    paste: 'https://sso.acme.com/login?next=%252Flookup%253Fq%253Dreq_c09b7d5a14',
    ids: [req('req_c09b7d5a14')],
  },
  { name: 'an id in angle brackets (mail client)', paste: '<https://runwatch.acme.internal/runs/trun_4Tb8Nc2Qw1>', ids: [run('trun_4Tb8Nc2Qw1')] },
  { name: 'an id in curly quotes', paste: 'the run “trun_9Qm2Lx7Pa4” failed', ids: [run('trun_9Qm2Lx7Pa4')] },
  { name: 'an id with trailing punctuation', paste: 'Failed again: trun_9Qm2Lx7Pa4.', ids: [run('trun_9Qm2Lx7Pa4')] },
  { name: 'an id followed by a dash in prose', paste: 'see trun_9Qm2Lx7Pa4-- thanks', ids: [run('trun_9Qm2Lx7Pa4')] },
  { name: 'an id in parentheses with a question mark', paste: 'Could you check (req_5f2e6a9b31)?', ids: [req('req_5f2e6a9b31')] },
  { name: 'an id in Markdown code', paste: 'Run `trun_2Hs6Jf0Vb8` and request **req_71ad0c3e55**', ids: [run('trun_2Hs6Jf0Vb8'), req('req_71ad0c3e55')] },
  {
    name: 'every kind at once',
    paste: 'trun_a1 req_b2 task_c3 src_d4 agt_e5 cred_f6 sess_g7',
    ids: [
      run('trun_a1'),
      req('req_b2'),
      { kind: 'task', id: 'task_c3' },
      { kind: 'source', id: 'src_d4' },
      { kind: 'agent', id: 'agt_e5' },
      { kind: 'credential', id: 'cred_f6' },
      { kind: 'session', id: 'sess_g7' },
    ],
  },
  {
    name: 'a pasted run object (JSON) in field order',
    paste: '{"id":"trun_9Qm2Lx7Pa4","task_id":"task_F3kd81Ws","credential_id":null,"source_id":"src_Pz4Lq0Nd","request_id":"req_d41c7b2e90"}',
    ids: [run('trun_9Qm2Lx7Pa4'), { kind: 'task', id: 'task_F3kd81Ws' }, { kind: 'source', id: 'src_Pz4Lq0Nd' }, req('req_d41c7b2e90')],
  },
  { name: 'the same id twice, once in a link', paste: 'trun_9Qm2Lx7Pa4 / https://x.example/runs/trun_9Qm2Lx7Pa4', ids: [run('trun_9Qm2Lx7Pa4')] },
  {
    name: 'a comma and newline separated list',
    paste: 'req_aaa111,\nreq_bbb222;\r\nreq_ccc333',
    ids: [req('req_aaa111'), req('req_bbb222'), req('req_ccc333')],
  },
  {
    name: 'a signed screenshot URL with a key in its query',
    paste: 'https://files.example.invalid/trun_2Hs6Jf0Vb8/shots/0001.png?sig=8f2a9c&key=sk_live_51Hx9REALKEYreq_notanid&expires=1772445680',
    ids: [run('trun_2Hs6Jf0Vb8')],
  },
  {
    name: 'an upstream error envelope',
    paste: '{"errors":[{"type":"request","code":"task_not_found"}],"request_id":"req_c09b7d5a14"}',
    ids: [req('req_c09b7d5a14')],
  },
  {
    name: 'a right-to-left override hiding the order',
    paste: '\u202Etrun_9Qm2Lx7Pa4\u202C req_d41c7b2e90',
    ids: [run('trun_9Qm2Lx7Pa4'), req('req_d41c7b2e90')],
  },
  { name: 'a zero-width space inside the text', paste: 'run\u200B trun_9Qm2Lx7Pa4\u200B', ids: [run('trun_9Qm2Lx7Pa4')] },
  { name: 'control characters around an id', paste: '\u0000\u0007trun_9Qm2Lx7Pa4\u001b[0m', ids: [run('trun_9Qm2Lx7Pa4')] },
  { name: 'HTML with a script tag', paste: '<a href="/runs/trun_9Qm2Lx7Pa4"><script>alert(1)</script></a>', ids: [run('trun_9Qm2Lx7Pa4')] },
  { name: 'SQL-looking text around an id', paste: "trun_9Qm2Lx7Pa4'; DROP TABLE runs; --", ids: [run('trun_9Qm2Lx7Pa4')] },
  { name: 'emoji next to the ids', paste: '🔥trun_9Qm2Lx7Pa4🔥 👉 req_d41c7b2e90 🙏', ids: [run('trun_9Qm2Lx7Pa4'), req('req_d41c7b2e90')] },
  { name: 'fullwidth characters from an East Asian keyboard', paste: 'ｔｒｕｎ＿９Ｑｍ２Ｌｘ７Ｐａ４', ids: [run('trun_9Qm2Lx7Pa4')] },
  { name: 'an id right after CJK text', paste: '运行trun_9Qm2Lx7Pa4失败了', ids: [run('trun_9Qm2Lx7Pa4')] },
  { name: 'an id inside a longer word is no id', paste: 'sk_live_req_abc123 and mytrun_abc then trun_ok1', ids: [run('trun_ok1')] },
  { name: 'upper-case prefixes are not ids but the real one is', paste: 'TRUN_abc Trun_def trun_ghi', ids: [run('trun_ghi')] },
  {
    name: 'field names and error codes are no ids',
    paste: 'task_id=task_F3kd81Ws&source_id=src_Pz4Lq0Nd — error task_run_not_found, then task_not_found',
    ids: [
      { kind: 'task', id: 'task_F3kd81Ws' },
      { kind: 'source', id: 'src_Pz4Lq0Nd' },
    ],
  },
  { name: 'a workflow and a storage id are not lookups', paste: 'wflo_abc stor_Wn4Cq8Tz2e evt_123 req_x1', ids: [req('req_x1')] },
];

describe('parsePastedIds over real-looking pastes', () => {
  it('covers at least 30 pastes', () => {
    expect(PASTES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(PASTES)('$name', ({ paste, ids }) => {
    const parsed = parsePastedIds(paste);
    expect(parsed).toEqual({ kind: 'ids', ids, truncated: false, problems: [] });
  });
});

/** Pastes that hold nothing to look up, and what the message must say. */
const REFUSED: Array<{ name: string; paste: string; message: RegExp }> = [
  {
    name: 'an order number',
    paste: 'order 4711',
    message: /No run ID or request ID found, nor any other ID\. Paste a run ID \(trun_…\), a request ID \(req_…\)/,
  },
  { name: 'a bare prefix', paste: 'trun_', message: /No run ID or request ID found/ },
  { name: 'a prefix followed by a dash', paste: 'trun_-abc', message: /No run ID or request ID found/ },
  { name: 'an API key alone', paste: 'sk_live_51Hx9REALKEY', message: /No run ID or request ID found/ },
  { name: 'a run id one character too long', paste: `trun_${'a'.repeat(97)}`, message: /One ID is longer than any valid ID/ },
  { name: 'a Cyrillic look-alike inside a run id', paste: 'trun_9Qm2Lх7Pa4', message: /letters of another alphabet/ },
  { name: 'a Greek look-alike in the prefix', paste: 'rεq_d41c7b2e90', message: /No run ID or request ID found/ },
  { name: 'a Cyrillic look-alike in the prefix', paste: 'tаsk_F3kd81Ws', message: /letters of another alphabet/ },
];

describe('parsePastedIds refuses what holds no id, and says why', () => {
  it.each(REFUSED)('$name', ({ paste, message }) => {
    const parsed = parsePastedIds(paste);
    expect(parsed.kind).toBe('invalid');
    if (parsed.kind === 'invalid') expect(parsed.message).toMatch(message);
  });

  it('treats blank and invisible-only input as empty', () => {
    expect(parsePastedIds('')).toEqual({ kind: 'empty' });
    expect(parsePastedIds(' \n\t\u200B\u202E ')).toEqual({ kind: 'empty' });
  });

  it('refuses a huge paste without scanning it, even when it holds ids', () => {
    const parsed = parsePastedIds(`trun_9Qm2Lx7Pa4 ${'x'.repeat(MAX_PASTE_LENGTH)}`);
    expect(parsed.kind).toBe('invalid');
    if (parsed.kind === 'invalid') expect(parsed.message).toMatch(/too much text/);
  });

  it('keeps the good ids and names the ones left out', () => {
    const parsed = parsePastedIds(`trun_good1 trun_${'b'.repeat(120)} req_9Qm2Lх7Pa4`);
    expect(parsed).toMatchObject({ kind: 'ids', ids: [run('trun_good1')], truncated: false });
    if (parsed.kind === 'ids') {
      expect(parsed.problems).toHaveLength(2);
      expect(parsed.problems.join(' ')).toMatch(/longer than any valid ID.*another alphabet/);
    }
  });

  it(`keeps the first ${MAX_LOOKUP_IDS} distinct ids of a long list and says it cut the rest`, () => {
    const paste = Array.from({ length: MAX_LOOKUP_IDS + 5 }, (_, i) => `req_n${i}`).join(' ');
    const parsed = parsePastedIds(paste);
    expect(parsed.kind).toBe('ids');
    if (parsed.kind === 'ids') {
      expect(parsed.ids).toHaveLength(MAX_LOOKUP_IDS);
      expect(parsed.ids.at(-1)).toEqual(req(`req_n${MAX_LOOKUP_IDS - 1}`));
      expect(parsed.truncated).toBe(true);
    }
  });
});

describe('nothing but ids comes out of a paste', () => {
  const secretPastes = [
    'https://files.example.invalid/trun_2Hs6Jf0Vb8/0001.png?X-Amz-Signature=deadbeefcafe&X-Amz-Credential=AKIAEXAMPLE&key=sk_live_topsecret',
    'Authorization: Bearer sk_live_topsecret for req_d41c7b2e90, password hunter2',
    `trun_${'s'.repeat(200)}sk_live_topsecret`,
  ];
  it.each(secretPastes)('%#: no key, signature or password is echoed', (paste) => {
    const echoed = JSON.stringify(parsePastedIds(paste));
    for (const secret of ['sk_live', 'topsecret', 'deadbeef', 'AKIA', 'hunter2', 'Bearer', 'ssssssssss']) expect(echoed).not.toContain(secret);
  });
});

describe('pastedIdsQuery and pasteIdKind', () => {
  it('round-trips: the canonical query parses back to the same ids', () => {
    const parsed = parsePastedIds('see <https://x.example/runs/trun_9Qm2Lx7Pa4>, req_d41c7b2e90 and task_F3kd81Ws.');
    expect(parsed.kind).toBe('ids');
    if (parsed.kind !== 'ids') return;
    const query = pastedIdsQuery(parsed.ids);
    expect(query).toBe('trun_9Qm2Lx7Pa4 req_d41c7b2e90 task_F3kd81Ws');
    expect(parsePastedIds(query)).toEqual(parsed);
  });

  it('names the kind of an id, or null', () => {
    expect(pasteIdKind('cred_7Hn2QpZc')).toBe('credential');
    expect(pasteIdKind('sess_K1v9Rt4e')).toBe('session');
    expect(pasteIdKind('stor_Wn4Cq8Tz2e')).toBeNull();
    expect(pasteIdKind('trun_ab/../x')).toBeNull();
  });
});
