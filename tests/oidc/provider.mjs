// A real OpenID Connect provider on loopback for the tests: the certified `oidc-provider`
// package, configured from a JSON file that tests/oidc_provider.py writes.
//
//   node tests/oidc/provider.mjs CONFIG.json [--port PORT] [--exit-with-stdin]
//
// The port may also come from the environment (OIDC_PROVIDER_PORT). The issuer is
// http://127.0.0.1:PORT. CONFIG.json:
//
//   {"client": {"client_id": "...", "client_secret": "...", "redirect_uris": ["..."],
//               "token_endpoint_auth_method": "client_secret_basic"},
//    "accounts": [{"sub": "...", "email": "...", "name": "..."}]}
//
// Sign-in: the provider sends the browser to GET /interaction/<uid>, a plain HTML form
// (text field `login`, optional field `password`, any value) posted back to the same URL.
// The login is an account's `sub` or its e-mail address; an unknown login shows the form
// again with an error. Consent is never asked: the client is first-party, so the grant
// is given automatically (loadExistingGrant). PKCE with S256 is required of every client.
// Prints `READY <issuer>` on stdout once it listens; logs go to stderr.

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import { parseArgs } from 'node:util';

import Provider from 'oidc-provider';

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: 'string' },
    'exit-with-stdin': { type: 'boolean', default: false },
  },
});
if (positionals.length !== 1) {
  console.error('usage: node provider.mjs CONFIG.json [--port PORT] [--exit-with-stdin]');
  process.exit(2);
}
const port = Number(options.port ?? process.env.OIDC_PROVIDER_PORT);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error('a port is needed: --port PORT or OIDC_PROVIDER_PORT');
  process.exit(2);
}
const config = JSON.parse(readFileSync(positionals[0], 'utf8'));
const issuer = `http://127.0.0.1:${port}`;
const accounts = config.accounts ?? [];

function accountFor(login) {
  const wanted = String(login ?? '').trim();
  return accounts.find((a) => a.sub === wanted)
    ?? accounts.find((a) => a.email && a.email.toLowerCase() === wanted.toLowerCase());
}

// A signing key of its own for each run (the package's built-in development key is public).
const signingKey = {
  ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }),
  kid: randomBytes(8).toString('hex'),
  alg: 'RS256',
  use: 'sig',
};

const provider = new Provider(issuer, {
  clients: [{
    client_id: config.client.client_id,
    client_secret: config.client.client_secret,
    redirect_uris: config.client.redirect_uris,
    post_logout_redirect_uris: config.client.post_logout_redirect_uris ?? [],
    token_endpoint_auth_method: config.client.token_endpoint_auth_method ?? 'client_secret_basic',
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  scopes: ['openid', 'email', 'profile'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
  },
  // Put the claims of the granted scopes into the ID token too, not only at userinfo.
  conformIdTokenClaims: false,
  // By default only public clients must use PKCE; here every client must (S256 is the only
  // method oidc-provider 9 knows).
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: false }, // replaced by the form below
    userinfo: { enabled: true },
  },
  interactions: {
    url: (ctx, interaction) => `/interaction/${interaction.uid}`,
  },
  // First-party client: give it what it asks for (of the known scopes), without a consent screen.
  async loadExistingGrant(ctx) {
    const { oidc } = ctx;
    const grantId = oidc.result?.consent?.grantId || oidc.session.grantIdFor(oidc.client.clientId);
    let grant = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
    grant ??= new oidc.provider.Grant({
      clientId: oidc.client.clientId,
      accountId: oidc.session.accountId,
    });
    grant.addOIDCScope([...oidc.requestParamOIDCScopes].join(' '));
    grant.addOIDCClaims([...oidc.requestParamClaims]);
    await grant.save();
    return grant;
  },
  async findAccount(ctx, sub) {
    const account = accounts.find((a) => a.sub === sub);
    if (!account) return undefined;
    return {
      accountId: account.sub,
      async claims() {
        return {
          sub: account.sub,
          email: account.email,
          email_verified: account.email_verified ?? true,
          name: account.name,
        };
      },
    };
  },
  ttl: {
    AccessToken: 3600,
    AuthorizationCode: 60,
    IdToken: 3600,
    Interaction: 3600,
    Session: 24 * 3600,
    Grant: 24 * 3600,
  },
  async renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = page('Error', `<pre id="error">${escape(JSON.stringify(out, null, 2))}</pre>`);
  },
});
// Plain http on loopback, no reverse proxy: X-Forwarded-* headers are not trusted, and the
// cookies are not marked Secure (oidc-provider only does that for https requests).
provider.proxy = false;
provider.on('server_error', (ctx, err) => console.error('server_error', err));

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title, body) {
  // No external resource (fonts, scripts): the tests' browser has no internet.
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head>
<body><h1>${escape(title)}</h1>
${body}
</body></html>
`;
}

function loginForm(uid, { login = '', error = '' } = {}) {
  return page('Sign-in', `${error ? `<p id="error" role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}" autocomplete="off">
  <label>Login <input type="text" name="login" id="login" value="${escape(login)}" required autofocus></label>
  <label>Password <input type="password" name="password" id="password"></label>
  <button type="submit" id="submit">Sign in</button>
</form>`);
}

async function readForm(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 64 * 1024) throw new Error('form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function send(res, status, html) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(html);
}

async function interaction(req, res, uid) {
  let details;
  try {
    details = await provider.interactionDetails(req, res);
  } catch (err) {
    // No interaction cookie, or it expired: the sign-in has to start again at the app.
    send(res, 400, page('Error', `<p id="error">${escape(err.message)}</p>`));
    return;
  }
  if (details.uid !== uid) {
    send(res, 400, page('Error', '<p id="error">interaction mismatch</p>'));
    return;
  }
  const { prompt, params, session } = details;
  if (prompt.name === 'consent') {
    // loadExistingGrant grants everything, so this is not expected; grant it anyway.
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
    if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } });
    return;
  }
  if (prompt.name !== 'login') {
    send(res, 501, page('Error', `<p id="error">prompt ${escape(prompt.name)} not handled</p>`));
    return;
  }
  if (req.method === 'GET') {
    send(res, 200, loginForm(uid, { login: params.login_hint ?? '' }));
    return;
  }
  const form = await readForm(req);
  const account = accountFor(form.get('login'));
  if (!account) {
    console.error(`unknown login ${JSON.stringify(form.get('login'))}`);
    send(res, 200, loginForm(uid, { login: form.get('login') ?? '', error: 'Unknown login.' }));
    return;
  }
  console.error(`signed in ${account.sub}`);
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: account.sub } },
    { mergeWithLastSubmission: false },
  );
}

const callback = provider.callback();
const server = http.createServer((req, res) => {
  const { pathname } = new URL(req.url, issuer);
  const match = /^\/interaction\/([A-Za-z0-9_-]+)$/.exec(pathname);
  if (!match) {
    callback(req, res);
    return;
  }
  if (req.method !== 'GET' && req.method !== 'POST') {
    res.writeHead(405, { allow: 'GET, POST' }).end();
    return;
  }
  interaction(req, res, match[1]).catch((err) => {
    console.error('interaction failed', err);
    if (!res.headersSent) send(res, 500, page('Error', `<p id="error">${escape(err.message)}</p>`));
    else res.end();
  });
});

function stop(signal) {
  console.error(`oidc provider: ${signal}, stopping`);
  server.close();
  server.closeAllConnections();
  process.exit(0);
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
if (options['exit-with-stdin']) {
  // The parent holds our stdin: when it dies, even by SIGKILL, the pipe closes and we go too.
  process.stdin.on('end', () => stop('stdin closed'));
  process.stdin.on('error', () => stop('stdin error'));
  process.stdin.resume();
}

server.on('error', (err) => {
  console.error(`oidc provider: cannot listen on 127.0.0.1:${port}: ${err.code ?? err.message}`);
  process.exit(1);
});
// Static clients are only checked when first used: check ours now, so a bad config stops here.
try {
  if (!await provider.Client.find(config.client.client_id)) throw new Error('client not found');
} catch (err) {
  console.error(`oidc provider: invalid client ${config.client.client_id}: ${err.error_description ?? err.message}`);
  process.exit(1);
}
console.error(`oidc provider: oidc-provider on node ${process.version}, client ${config.client.client_id}, `
  + `${accounts.length} account(s), starting on 127.0.0.1:${port}`);
server.listen(port, '127.0.0.1', () => {
  console.error(`oidc provider: listening, discovery at ${issuer}/.well-known/openid-configuration`);
  process.stdout.write(`READY ${issuer}\n`);
});
