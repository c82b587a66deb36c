// A real OpenID Connect provider for the single sign-on browser tests (never for production).
// Usage: node provider.mjs <port> <web-base-url>
//   port          the loopback port to listen on (the issuer is http://127.0.0.1:<port>)
//   web-base-url  the Oversight Web host under test (its /signin-oidc and /signout-callback-oidc are registered)
// Prints "ready <issuer>" on stdout once it listens. The accounts, their groups and units are below; the test maps them.
import Provider from 'oidc-provider';

const [port, web] = process.argv.slice(2);
if (!port || !web) {
  console.error('usage: node provider.mjs <port> <web-base-url>');
  process.exit(2);
}
const issuer = `http://127.0.0.1:${port}`;

// Test accounts: the login at the provider's page is the account id (any password is accepted by the dev pages).
const accounts = {
  'sso-auditor': { name: 'Somchai Auditor', preferred_username: 'somchai', groups: ['oag-auditors'] },
  'sso-officer': { name: 'Malee Officer', preferred_username: 'malee', groups: ['unit-staff'], unit: 'mol-ict-centre' },
  'sso-nobody': { name: 'Nobody Mapped', preferred_username: 'nobody', groups: ['canteen'] },
};

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'oversight',
    client_secret: process.env.OIDC_TEST_CLIENT_SECRET || 'test-only-secret',
    redirect_uris: [`${web}/signin-oidc`],
    post_logout_redirect_uris: [`${web}/signout-callback-oidc`],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  pkce: { required: () => true },
  claims: { openid: ['sub'], profile: ['name', 'preferred_username'], oversight: ['groups', 'unit'] },
  scopes: ['openid', 'profile', 'oversight'],
  // Claims go into the ID token too, so the relying party needs no userinfo call.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  // The first-party client: grant what it asks for without a consent page.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid profile oversight');
    await grant.save();
    return grant;
  },
  async findAccount(ctx, id) {
    const account = accounts[id];
    if (!account) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...account }; } };
  },
});
provider.proxy = false;
provider.listen(Number(port), '127.0.0.1', () => console.log(`ready ${issuer}`));
