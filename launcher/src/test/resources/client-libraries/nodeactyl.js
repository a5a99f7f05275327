// Drives nodeactyl (NodeactylApplication, NodeactylClient) against a Talon node and prints one JSON
// object: for each call, {ok, value} with the values the test compares to what Talon holds, or
// {ok: false, error} with the status or message the library rejected with.
const { NodeactylApplication, NodeactylClient } = require('nodeactyl');

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(name + ' is not set');
  return value;
};
const url = env('TALON_URL');
const app = new NodeactylApplication(url, env('TALON_APP_KEY'));
const client = new NodeactylClient(url, env('TALON_CLIENT_KEY'));
const nodeId = Number(env('TALON_NODE_ID'));
const locationId = Number(env('TALON_LOCATION_ID'));

const results = {};
async function call(name, run, pick) {
  try {
    const value = await run();
    results[name] = { ok: true, value: pick(value) };
    return value;
  } catch (err) {
    const detail = err && err.message ? err.message : err;
    results[name] = { ok: false, error: typeof detail === 'object' ? JSON.stringify(detail) : String(detail) };
    return undefined;
  }
}
const ids = (list) => list.data.map((item) => item.attributes.id);

async function main() {
  await call('app.getAllUsers', () => app.getAllUsers(), (list) => ids(list));
  await call('app.getUserDetails', () => app.getUserDetails(1), (user) => user.attributes.username);
  await call('app.createUser', () => app.createUser('nodeactyl@example.com', 'nodeactyl', 'Node', 'Actyl'),
    (user) => ({ id: user.attributes.id, username: user.attributes.username }));
  await call('app.getAllServers', () => app.getAllServers(), (list) => ids(list));
  const server = await call('app.createRawServer', () => app.createRawServer({
    name: 'nodeactyl server',
    user: 1,
    egg: 1,
    docker_image: 'quay.io/pterodactyl/core:java',
    startup: 'java -Xms128M -Xmx1024M -jar server.jar',
    environment: {},
    limits: { memory: 1024, swap: 0, disk: 5120, io: 500, cpu: 100 },
    feature_limits: { databases: 1, backups: 1 },
    allocation: { default: 1 },
  }), (created) => ({ id: created.attributes.id, identifier: created.attributes.identifier, name: created.attributes.name }));
  const serverId = server ? server.attributes.id : 0;
  const identifier = server ? server.attributes.identifier : 'none';
  await call('app.getServerDetails', () => app.getServerDetails(serverId), (details) => details.name);
  await call('app.suspendServer', () => app.suspendServer(serverId), (done) => done);
  await call('app.unsuspendServer', () => app.unsuspendServer(serverId), (done) => done);
  await call('app.getAllNodes', () => app.getAllNodes(), (list) => ids(list));
  await call('app.getNodeDetails', () => app.getNodeDetails(nodeId), (node) => node.name);
  await call('app.createNodeAllocations', () => app.createNodeAllocations(nodeId, '127.0.0.1', ['25600']), (done) => done);
  await call('app.getNodeAllocations', () => app.getNodeAllocations(nodeId),
    (list) => list.data.map((item) => item.attributes.port));
  await call('app.getAllLocations', () => app.getAllLocations(), (list) => ids(list));
  await call('app.getLocationDetails', () => app.getLocationDetails(locationId), (location) => location.short);
  await call('app.createLocation', () => app.createLocation('nodeactyl', 'made by nodeactyl'),
    (location) => location.attributes.short);
  await call('app.getNestDetails', () => app.getNestDetails(1), (egg) => egg.attributes.name);

  await call('client.getAccountDetails', () => client.getAccountDetails(), (account) => account.username);
  await call('client.getAccountPermissions', () => client.getAccountPermissions(),
    (perms) => Object.keys(perms.permissions));
  await call('client.getAllServers', () => client.getAllServers(), (list) => list.data.map((item) => item.attributes.identifier));
  await call('client.getServerDetails', () => client.getServerDetails(identifier), (details) => details.name);
  await call('client.getServerStartup', () => client.getServerStartup(identifier), (startup) => JSON.stringify(startup).length > 0);
  await call('client.getSubUsers', () => client.getSubUsers(identifier), (users) => users.length);
  await call('client.listServerBackups', () => client.listServerBackups(identifier), (backups) => backups.length);
  const key = await call('client.createApiKey', () => client.createApiKey('made by nodeactyl', []),
    (created) => ({ identifier: created.attributes.identifier, secret: typeof created.meta.secret_token }));
  await call('client.getApiKeys', () => client.getApiKeys(), (keys) => keys.map((item) => item.attributes.identifier));
  await call('client.deleteApiKey', () => client.deleteApiKey(key ? key.attributes.identifier : 'none'), (done) => done);
  process.stdout.write(JSON.stringify(results) + '\n');
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err) + '\n');
  process.exit(1);
});
