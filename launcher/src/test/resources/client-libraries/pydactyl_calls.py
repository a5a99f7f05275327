"""Drives py-dactyl's PterodactylClient against a Talon node and prints one JSON object: for each call,
{ok, value} with the values the test compares to what Talon holds, or {ok: false, error}."""
import json
import os

from pydactyl import PterodactylClient

url = os.environ['TALON_URL']
node_id = int(os.environ['TALON_NODE_ID'])
location_id = int(os.environ['TALON_LOCATION_ID'])
# retries=0: a failing call is reported as it is, not hidden behind the library's retries.
app = PterodactylClient(url, os.environ['TALON_APP_KEY'], retries=0)
client = PterodactylClient(url, os.environ['TALON_CLIENT_KEY'], retries=0)

results = {}


def call(name, run, pick):
    try:
        value = run()
        results[name] = {'ok': True, 'value': pick(value)}
        return value
    except Exception as error:  # every failure is reported, whatever the library raised
        results[name] = {'ok': False, 'error': '%s: %s' % (type(error).__name__, error)}
        return None


def ids(page):
    return [item['attributes']['id'] for item in page.collect()]


call('application.users.list_users', lambda: app.user.list_users(), ids)
call('application.users.get_user_info', lambda: app.user.get_user_info(user_id=1),
     lambda user: user['attributes']['username'])
created_user = call('application.users.create_user',
                    lambda: app.user.create_user('pydactyl', 'pydactyl@example.com', 'Py', 'Dactyl'),
                    lambda user: {'id': user['attributes']['id'], 'username': user['attributes']['username']})
call('application.servers.list_servers', lambda: app.servers.list_servers(),
     lambda page: [item['attributes']['id'] for item in page['data']])
server = call('application.servers.create_server', lambda: app.servers.create_server(
    name='pydactyl server', user_id=1, nest_id=1, egg_id=1, memory_limit=1024, swap_limit=0,
    disk_limit=5120, io_limit=500, cpu_limit=100, database_limit=1, backup_limit=1,
    docker_image='quay.io/pterodactyl/core:java', startup_cmd='java -Xms128M -Xmx1024M -jar server.jar',
    environment={}, default_allocation=1).json(),
    lambda created: {key: created['attributes'][key] for key in ('id', 'identifier', 'name')})
server_id = server['attributes']['id'] if server else 0
identifier = server['attributes']['identifier'] if server else 'none'
call('application.servers.get_server_info', lambda: app.servers.get_server_info(server_id=server_id),
     lambda details: details['name'])
call('application.servers.suspend_server', lambda: app.servers.suspend_server(server_id),
     lambda response: response.status_code)
call('application.servers.unsuspend_server', lambda: app.servers.unsuspend_server(server_id),
     lambda response: response.status_code)
call('application.nodes.list_nodes', lambda: app.nodes.list_nodes(), ids)
call('application.nodes.get_node_details', lambda: app.nodes.get_node_details(node_id),
     lambda node: node['attributes']['name'])
call('application.nodes.create_allocations', lambda: app.nodes.create_allocations(node_id, '127.0.0.1', ['25700']),
     lambda response: response.status_code)
call('application.nodes.list_node_allocations', lambda: app.nodes.list_node_allocations(node_id),
     lambda page: [item['attributes']['port'] for item in page.collect()])
call('application.locations.list_locations', lambda: app.locations.list_locations(), ids)
call('application.locations.get_location_info', lambda: app.locations.get_location_info(location_id),
     lambda location: location['attributes']['short'])
call('application.locations.create_location', lambda: app.locations.create_location('pydactyl', 'made by py-dactyl'),
     lambda location: location['attributes']['short'])
call('application.nests.list_nests', lambda: app.nests.list_nests(), ids)
call('application.nests.get_eggs_in_nest', lambda: app.nests.get_eggs_in_nest(1),
     lambda page: [item['attributes']['id'] for item in page['data']])
call('application.nests.get_egg_info', lambda: app.nests.get_egg_info(1, 1), lambda egg: egg['attributes']['name'])

call('client.account.get_account', lambda: client.client.account.get_account(),
     lambda account: account['attributes']['username'])
call('client.servers.list_servers', lambda: client.client.servers.list_servers(),
     lambda page: [item['attributes']['identifier'] for item in page.collect()])
call('client.servers.get_server', lambda: client.client.servers.get_server(identifier), lambda details: details['name'])
call('client.servers.list_permissions', lambda: client.client.servers.list_permissions(),
     lambda permissions: sorted(permissions['attributes']['permissions'].keys()))
key = call('client.account.api_key_create', lambda: client.client.account.api_key_create('made by py-dactyl', []),
           lambda created: {'identifier': created['attributes']['identifier'],
                            'secret': type(created['meta']['secret_token']).__name__})
call('client.account.api_key_list', lambda: client.client.account.api_key_list(),
     lambda keys: [item['identifier'] for item in keys])
call('client.account.api_key_delete',
     lambda: client.client.account.api_key_delete(key['attributes']['identifier'] if key else 'none'),
     lambda response: response.status_code)

print(json.dumps(results))
