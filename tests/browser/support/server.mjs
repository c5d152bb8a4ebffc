// Starts the real soundings-server on a free loopback port with a temporary data folder holding
// the demo organisation and its responses (init --demo), one user of each role made through the
// CLI, and a few more responses handed in through the kiosk sync API (seed.mjs). stop() ends the
// server and removes the folder.
import {execFile, spawn} from 'node:child_process';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';

import {seed} from './seed.mjs';

const run = promisify(execFile);

function field(text, pattern, what) {
  const match = pattern.exec(text);
  if (!match) throw new Error(`soundings-server did not print ${what}:\n${text}`);
  return match[1];
}

async function addUser(binary, data, name, role, person) {
  const args = ['user', 'add', name, '--role', role, '--data', data];
  if (person) args.push('--person', person);
  const {stdout} = await run(binary, args);
  return {username: name, role, person_id: person || '',
          password: field(stdout, /password: (\S+)/, `the password of ${name}`)};
}

export async function startServer(binary, {withResponses = true} = {}) {
  const data = await mkdtemp(join(tmpdir(), 'soundings-browser-'));
  const init = await run(binary, ['init', '--data', data, '--demo']);
  const users = {
    admin: {username: 'admin', role: 'admin',
            password: field(init.stdout, /admin sign-in:\s+admin \/ (\S+)/, 'the admin password')},
  };
  const enrolmentCode = field(init.stdout, /kiosk enrolment code:\s+(\S+)/, 'an enrolment code');
  const demoResponses = Number(field(init.stdout, /Demo responses handed in: (\d+)/, 'the demo responses'));
  // p1 is the first manager appraised in the demo 360; p6 the second.
  users.hr = await addUser(binary, data, 'hazel-hr', 'hr');
  users.manager = await addUser(binary, data, 'morgan-manager', 'manager', 'p1');
  users.otherManager = await addUser(binary, data, 'oscar-manager', 'manager', 'p6');
  users.analyst = await addUser(binary, data, 'ana-analyst', 'analyst');

  // Letters print these, not the loopback address the server listens on.
  const logo = fileURLToPath(new URL('../../fixtures/branding/logo.png', import.meta.url));
  const child = spawn(binary, ['serve', '--data', data, '--port', '0',
                               '--organisation-name', 'Demo Borough Council',
                               '--organisation-logo', logo,
                               '--public-url', 'https://soundings.example.gov.uk'],
                      {stdio: ['ignore', 'pipe', 'pipe']});
  let log = '';
  child.stderr.on('data', (chunk) => { log += chunk; });
  const baseUrl = await new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk) => {
      out += chunk;
      const match = /listening on (http:\/\/[0-9.]+:\d+)/.exec(out);
      if (match) {
        child.stdout.off('data', onData);
        child.stdout.resume();
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`soundings-server exited (${code}) before listening:\n${out}${log}`)));
  });
  const server = {
    baseUrl, data, users, child,
    log: () => log,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(data, {recursive: true, force: true});
    },
  };
  try {
    server.demoResponses = demoResponses;
    server.seeded = withResponses ? await seed(baseUrl, enrolmentCode) : null;
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

/// Signs in through the API (for checks of the API itself): the session token.
export async function apiToken(server, user) {
  const response = await fetch(`${server.baseUrl}/api/v1/auth/sign-in`, {
    method: 'POST', headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({username: user.username, password: user.password})});
  if (!response.ok) throw new Error(`sign-in of ${user.username} failed: ${response.status}`);
  return (await response.json()).token;
}
