/**
 * Reads a password without it ever appearing on screen or in argv: at a terminal the prompt turns
 * echo off (raw mode); otherwise the first line of stdin is used, so scripts can pipe one in.
 */
export class PasswordInputAborted extends Error {
  constructor() {
    super('Canceled.');
    this.name = 'PasswordInputAborted';
  }
}

const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const BACKSPACE = new Set(['\u007f', '\b']);

function promptHidden(prompt: string, input: NodeJS.ReadStream, output: NodeJS.WritableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let value = '';
    output.write(prompt);
    input.setRawMode(true);
    input.setEncoding('utf8');
    input.resume();

    const finish = (error: Error | null) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      output.write('\n');
      if (error) reject(error);
      else resolve(value);
    };

    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return finish(null);
        if (char === CTRL_C || (char === CTRL_D && value === '')) return finish(new PasswordInputAborted());
        if (BACKSPACE.has(char)) value = [...value].slice(0, -1).join('');
        else if (char >= ' ') value += char;
      }
    };
    input.on('data', onData);
  });
}

let pipedLines: Promise<string[]> | null = null;

function readPipedLines(input: NodeJS.ReadableStream): Promise<string[]> {
  pipedLines ??= new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    input.on('data', (chunk: Buffer | string) => chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
    input.on('end', () => resolve(Buffer.concat(chunks).toString('utf8').split(/\r?\n/)));
    input.on('error', reject);
  });
  return pipedLines;
}

/**
 * At a terminal asks twice (typos in an invisible field are easy); from a pipe takes the first
 * line. Empty input is an error rather than an empty password.
 */
export async function readNewPassword(
  label: string,
  io: { input: NodeJS.ReadStream; output: NodeJS.WritableStream } = { input: process.stdin, output: process.stderr },
): Promise<string> {
  if (io.input.isTTY) {
    const first = await promptHidden(`${label}: `, io.input, io.output);
    const second = await promptHidden('Repeat it: ', io.input, io.output);
    if (first !== second) throw new Error('The two passwords do not match.');
    if (first === '') throw new Error('No password was typed.');
    return first;
  }
  const [line = ''] = await readPipedLines(io.input);
  if (line === '') throw new Error('No password on stdin (expected it on the first line).');
  return line;
}
