// `npm run dev`: the Runwatch server (restarting on change) plus Vite with HMR, which proxies /api
// to it. Stops both on Ctrl-C.
import { spawn } from 'node:child_process';

const apiPort = process.env.RUNWATCH_DEV_API_PORT ?? '8080';
const children = [
  spawn('npx', ['tsx', 'watch', '--clear-screen=false', 'src/server/main.ts'], {
    stdio: 'inherit',
    env: { ...process.env, PORT: apiPort },
  }),
  spawn('npx', ['vite'], { stdio: 'inherit', env: { ...process.env, RUNWATCH_DEV_API_PORT: apiPort } }),
];

const stop = () => children.forEach((child) => child.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children)
  child.on('exit', (code) => {
    stop();
    process.exitCode = code ?? 0;
  });
