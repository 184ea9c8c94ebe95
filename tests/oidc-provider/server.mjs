// A real OpenID Connect provider (panva/oidc-provider, OpenID certified) for the portal's sign-in tests.
// Usage: node server.mjs <config.json>. The config names the loopback port and the clients (id, secret, redirect
// URIs); the users are fixed below. Prints one line, "listening <issuer>", once it serves.
// Besides the provider itself, two deliberately wrong discovery documents let tests check what the portal refuses:
//   <issuer>/wrong-issuer   : endpoints and keys of a second provider, whose tokens carry that provider's iss;
//   <issuer>/wrong-audience : the real provider, but sign-in and token exchange go as another client (so aud differs).
import http from 'node:http';
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));

// Login names the tests use; any password is accepted (this is a test provider's development login form).
const users = {
  olivia: { name: 'Olivia Operator', groups: ['platform-oncall'] },
  victor: { name: 'Victor Viewer', groups: ['engineering'] },
  mallory: { name: 'Mallory Marketing', groups: ['marketing'] },
};

function providerAt(issuer, clients) {
  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({
      client_id: c.id,
      client_secret: c.secret,
      redirect_uris: c.redirectUris,
      post_logout_redirect_uris: c.postLogoutRedirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    })),
    // PKCE required for every client: a portal that did not send a code_challenge could not sign in at all.
    pkce: { required: () => true },
    scopes: ['openid', 'email', 'profile', 'groups'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    // Claims in the ID token, as Entra ID, Okta and Keycloak can be set to do, not only from userinfo.
    conformIdTokenClaims: false,
    findAccount: (ctx, id) => {
      const user = users[id];
      if (!user) return undefined;
      return { accountId: id, claims: () => ({ sub: id, email: `${id}@example.com`, email_verified: true, name: user.name, groups: user.groups }) };
    },
    // First-party clients: no consent screen (oidc-provider's documented way to skip it).
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid email profile groups');
      await grant.save();
      return grant;
    },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    ttl: { AuthorizationCode: 60, IdToken: 300, AccessToken: 300, Session: 3600, Interaction: 600, Grant: 3600 },
  });
  return provider;
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

const server = http.createServer();
server.listen(config.port, '127.0.0.1', () => {
  const base = `http://127.0.0.1:${server.address().port}`;
  const main = providerAt(base, config.clients);
  const otherBase = `${base}/other`;
  const other = providerAt(otherBase, config.clients);
  const main_ = main.callback();
  const other_ = other.callback();
  const [client] = config.clients;
  const impostor = config.clients.find((c) => c.id === config.impostorClientId);

  server.on('request', async (req, res) => {
    const url = new URL(req.url, base);
    const json = (body) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(JSON.stringify(body)); };
    const discovery = async (from) => (await fetch(`${from}/.well-known/openid-configuration`)).json();

    if (url.pathname.startsWith('/other')) {
      req.originalUrl = req.url;
      req.url = req.url.slice('/other'.length) || '/';
      return other_(req, res);
    }
    if (url.pathname === '/wrong-issuer/.well-known/openid-configuration') {
      // Everything from the second provider, but the issuer this one's: its tokens' iss will not match.
      return json({ ...(await discovery(otherBase)), issuer: `${base}/wrong-issuer` });
    }
    if (url.pathname === '/wrong-audience/.well-known/openid-configuration') {
      // Without pushed authorization requests, so the client_id in the browser's request can be swapped.
      const { pushed_authorization_request_endpoint: _, ...real } = await discovery(base);
      return json({ ...real, issuer: base, authorization_endpoint: `${base}/wrong-audience/auth`, token_endpoint: `${base}/wrong-audience/token` });
    }
    if (url.pathname === '/wrong-audience/auth') {
      // The user signs in for the impostor client: the code, and so the ID token, are for its audience.
      url.searchParams.set('client_id', impostor.id);
      res.writeHead(302, { location: `${base}/auth?${url.searchParams}` });
      return res.end();
    }
    if (url.pathname === '/wrong-audience/token') {
      const form = new URLSearchParams(await readBody(req));
      form.set('client_id', impostor.id);
      form.set('client_secret', impostor.secret);
      const answer = await fetch(`${base}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      return res.end(await answer.text());
    }
    return main_(req, res);
  });
  console.log(`listening ${base} (client ${client.id})`);
});
