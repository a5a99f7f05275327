-- Talon's default nests and eggs. A fresh Pterodactyl install seeds four nests (Minecraft, Source
-- Engine, Voice Servers, Rust) and their eggs in a fixed order, so integrations often hard-code egg 1
-- or nest 4: the ids below are the same as there. The eggs themselves are Talon's own, written from
-- what a game server needs (images, startup and stop commands, variables), not Pterodactyl's files.
-- Every variable's default satisfies its rules, so a server made with `environment: {}` is valid.
-- Install scripts write shell variables as $NAME: Flyway would take the braced form for its own placeholder.

INSERT INTO nests (id, uuid, author, name, description) VALUES
    (1, 'e4d6136c-8615-4445-b6db-f83a28ccc6dc', 'support@talon.invalid', 'Minecraft',
     'Minecraft: Java Edition servers and proxies.'),
    (2, '75f16a36-d572-45dd-a21d-34033235fbd6', 'support@talon.invalid', 'Source Engine',
     'Dedicated servers installed with SteamCMD, most of them built on the Source engine.'),
    (3, '6bde2196-3347-41c6-a297-f319ca202068', 'support@talon.invalid', 'Voice Servers',
     'Voice chat servers.'),
    (4, '6aa6ff46-9f60-4f35-9622-fe30b4abcede', 'support@talon.invalid', 'Rust',
     'Rust dedicated servers.');

INSERT INTO eggs (id, uuid, nest_id, author, name, description, features, docker_images, file_denylist,
                  config_files, config_startup, config_logs, config_stop, startup,
                  script_container, script_entry, script_install) VALUES
    (1, '39d3356b-e366-48f3-9e87-064c13ddde7b', 1, 'support@talon.invalid', 'Bungeecord',
     'BungeeCord, a proxy that joins several Minecraft servers behind one address.',
     '["java_version", "pid_limit"]',
     '{"Java 21": "ghcr.io/pterodactyl/yolks:java_21", "Java 17": "ghcr.io/pterodactyl/yolks:java_17", "Java 11": "ghcr.io/pterodactyl/yolks:java_11", "Java 8": "ghcr.io/pterodactyl/yolks:java_8"}',
     '[]',
     '{"config.yml": {"parser": "yaml", "find": {"listeners[0].host": "0.0.0.0:{{server.build.default.port}}", "listeners[0].query_port": "{{server.build.default.port}}"}}}',
     '{"done": "Listening on "}', '{}', 'end',
     'java -Xms128M -Xmx{{SERVER_MEMORY}}M -jar {{SERVER_JARFILE}}',
     'ghcr.io/pterodactyl/installers:alpine', 'ash',
     $script$#!/bin/ash
# Fetches the proxy jar from the BungeeCord build server; "latest" means the last good build.
apk add --no-cache curl
mkdir -p /mnt/server && cd /mnt/server
BUILD="$BUNGEE_VERSION"
[ "$BUILD" = "latest" ] && BUILD=lastSuccessfulBuild
curl -fsSL -o "$SERVER_JARFILE" "https://ci.md-5.net/job/BungeeCord/$BUILD/artifact/bootstrap/target/BungeeCord.jar"
$script$),

    (2, '7346d454-1f0a-4688-9441-6ad337b13af0', 1, 'support@talon.invalid', 'Forge Minecraft',
     'Minecraft with the Forge mod loader. Talon ships no install script for it: run the Forge installer yourself.',
     '["eula", "java_version", "pid_limit"]',
     '{"Java 21": "ghcr.io/pterodactyl/yolks:java_21", "Java 17": "ghcr.io/pterodactyl/yolks:java_17", "Java 11": "ghcr.io/pterodactyl/yolks:java_11", "Java 8": "ghcr.io/pterodactyl/yolks:java_8"}',
     '[]',
     '{"server.properties": {"parser": "properties", "find": {"server-ip": "0.0.0.0", "server-port": "{{server.build.default.port}}", "query.port": "{{server.build.default.port}}"}}}',
     '{"done": ")! For help, type "}', '{}', 'stop',
     'java -Xms128M -Xmx{{SERVER_MEMORY}}M $( [ -f unix_args.txt ] && printf %s "@unix_args.txt" || printf %s "-jar {{SERVER_JARFILE}}" )',
     'ghcr.io/pterodactyl/installers:alpine', 'ash', NULL),

    (3, 'f4828155-725e-485c-a1a4-f86b5139949b', 1, 'support@talon.invalid', 'Paper',
     'Paper, a fast Minecraft server that runs Bukkit and Spigot plugins.',
     '["eula", "java_version", "pid_limit"]',
     '{"Java 21": "ghcr.io/pterodactyl/yolks:java_21", "Java 17": "ghcr.io/pterodactyl/yolks:java_17", "Java 11": "ghcr.io/pterodactyl/yolks:java_11", "Java 8": "ghcr.io/pterodactyl/yolks:java_8"}',
     '[]',
     '{"server.properties": {"parser": "properties", "find": {"server-ip": "0.0.0.0", "server-port": "{{server.build.default.port}}", "query.port": "{{server.build.default.port}}"}}}',
     '{"done": ")! For help, type "}', '{}', 'stop',
     'java -Xms128M -Xmx{{SERVER_MEMORY}}M -jar {{SERVER_JARFILE}}',
     'ghcr.io/pterodactyl/installers:alpine', 'ash',
     $script$#!/bin/ash
# Downloads one Paper build through the PaperMC API; "latest" picks the newest version or build.
apk add --no-cache curl jq
mkdir -p /mnt/server && cd /mnt/server
API=https://api.papermc.io/v2/projects/paper
VERSION="$MINECRAFT_VERSION"
[ "$VERSION" = "latest" ] && VERSION=$(curl -fsSL "$API" | jq -r '.versions[-1]')
BUILD="$BUILD_NUMBER"
[ "$BUILD" = "latest" ] && BUILD=$(curl -fsSL "$API/versions/$VERSION" | jq -r '.builds[-1]')
curl -fsSL -o "$SERVER_JARFILE" "$API/versions/$VERSION/builds/$BUILD/downloads/paper-$VERSION-$BUILD.jar"
$script$),

    (4, 'f9f8ca67-d646-4f42-9740-286a37e07c8d', 1, 'support@talon.invalid', 'Sponge (SpongeVanilla)',
     'SpongeVanilla: the Sponge plugin platform on top of the vanilla Minecraft server.',
     '["eula", "java_version", "pid_limit"]',
     '{"Java 8": "ghcr.io/pterodactyl/yolks:java_8", "Java 11": "ghcr.io/pterodactyl/yolks:java_11", "Java 17": "ghcr.io/pterodactyl/yolks:java_17", "Java 21": "ghcr.io/pterodactyl/yolks:java_21"}',
     '[]',
     '{"server.properties": {"parser": "properties", "find": {"server-ip": "0.0.0.0", "server-port": "{{server.build.default.port}}", "query.port": "{{server.build.default.port}}"}}}',
     '{"done": ")! For help, type "}', '{}', 'stop',
     'java -Xms128M -Xmx{{SERVER_MEMORY}}M -jar {{SERVER_JARFILE}}',
     'ghcr.io/pterodactyl/installers:alpine', 'ash',
     $script$#!/bin/ash
# Downloads the SpongeVanilla jar of the chosen version from Sponge's Maven repository.
apk add --no-cache curl
mkdir -p /mnt/server && cd /mnt/server
curl -fsSL -o "$SERVER_JARFILE" "https://repo.spongepowered.org/repository/maven-releases/org/spongepowered/spongevanilla/$SPONGE_VERSION/spongevanilla-$SPONGE_VERSION.jar"
$script$),

    (5, 'e8275550-06f2-4dc4-9f0c-23df52e92792', 1, 'support@talon.invalid', 'Vanilla Minecraft',
     'The Minecraft server exactly as Mojang publishes it.',
     '["eula", "java_version", "pid_limit"]',
     '{"Java 21": "ghcr.io/pterodactyl/yolks:java_21", "Java 17": "ghcr.io/pterodactyl/yolks:java_17", "Java 11": "ghcr.io/pterodactyl/yolks:java_11", "Java 8": "ghcr.io/pterodactyl/yolks:java_8"}',
     '[]',
     '{"server.properties": {"parser": "properties", "find": {"server-ip": "0.0.0.0", "server-port": "{{server.build.default.port}}", "query.port": "{{server.build.default.port}}"}}}',
     '{"done": ")! For help, type "}', '{}', 'stop',
     'java -Xms128M -Xmx{{SERVER_MEMORY}}M -jar {{SERVER_JARFILE}}',
     'ghcr.io/pterodactyl/installers:alpine', 'ash',
     $script$#!/bin/ash
# Downloads Mojang's server jar for the chosen release; "latest" means the newest release.
apk add --no-cache curl jq
mkdir -p /mnt/server && cd /mnt/server
MANIFEST=https://piston-meta.mojang.com/mc/game/version_manifest_v2.json
VERSION="$VANILLA_VERSION"
[ "$VERSION" = "latest" ] && VERSION=$(curl -fsSL "$MANIFEST" | jq -r '.latest.release')
PACKAGE=$(curl -fsSL "$MANIFEST" | jq -r --arg v "$VERSION" '.versions[] | select(.id == $v) | .url')
curl -fsSL -o "$SERVER_JARFILE" "$(curl -fsSL "$PACKAGE" | jq -r '.downloads.server.url')"
$script$),

    (6, '3ef37e8f-b989-4144-8009-d9ffdfe47cf5', 2, 'support@talon.invalid', 'Ark: Survival Evolved',
     'ARK: Survival Evolved dedicated server.',
     '["steam_disk_space"]',
     '{"Source": "ghcr.io/pterodactyl/games:source"}',
     '[]', '{}', '{"done": "has successfully started"}', '{}', '^C',
     'cd ShooterGame/Binaries/Linux && ./ShooterGameServer "{{SERVER_MAP}}?listen?SessionName={{SESSION_NAME}}?ServerPassword={{ARK_PASSWORD}}?ServerAdminPassword={{ARK_ADMIN_PASSWORD}}?Port={{SERVER_PORT}}?QueryPort={{QUERY_PORT}}?RCONPort={{RCON_PORT}}?RCONEnabled=True" -server -log',
     'ghcr.io/pterodactyl/installers:debian', 'bash', NULL),

    (7, 'daa9c762-9b7b-436d-b1cb-0b214288f0d8', 2, 'support@talon.invalid', 'Counter-Strike: Global Offensive',
     'Counter-Strike: Global Offensive dedicated server.',
     '["gsl_token", "steam_disk_space"]',
     '{"Source": "ghcr.io/pterodactyl/games:source"}',
     '[]', '{}', '{"done": "Connection to Steam servers successful"}', '{}', 'quit',
     './srcds_run -game csgo -console -port {{SERVER_PORT}} +ip 0.0.0.0 +map {{SRCDS_MAP}} -strictportbind -norestart +sv_setsteamaccount {{STEAM_ACC}}',
     'ghcr.io/pterodactyl/installers:debian', 'bash', NULL),

    (8, '7fa6f0cf-c6a1-4cb0-b829-e53456a53e17', 2, 'support@talon.invalid', 'Custom Source Engine Game',
     'Any Source engine game SteamCMD can install: set its Steam app id and game folder.',
     '["steam_disk_space"]',
     '{"Source": "ghcr.io/pterodactyl/games:source"}',
     '[]', '{}', '{"done": "gameserver Steam ID"}', '{}', 'quit',
     './srcds_run -game {{SRCDS_GAME}} -console -port {{SERVER_PORT}} +ip 0.0.0.0 +map {{SRCDS_MAP}} -strictportbind -norestart',
     'ghcr.io/pterodactyl/installers:debian', 'bash', NULL),

    (9, 'e2f119e2-15e9-48f0-a8a0-3be5de5fb968', 2, 'support@talon.invalid', 'Garrys Mod',
     'Garry''s Mod dedicated server.',
     '["gsl_token", "steam_disk_space"]',
     '{"Source": "ghcr.io/pterodactyl/games:source"}',
     '[]', '{}', '{"done": "gameserver Steam ID"}', '{}', 'quit',
     './srcds_run -game garrysmod -console -port {{SERVER_PORT}} +ip 0.0.0.0 +map {{SRCDS_MAP}} +gamemode {{GAMEMODE}} +maxplayers {{MAX_PLAYERS}} -tickrate {{TICKRATE}} +host_workshop_collection {{WORKSHOP_ID}} +sv_setsteamaccount {{STEAM_ACC}} -strictportbind -norestart',
     'ghcr.io/pterodactyl/installers:debian', 'bash', NULL),

    (10, '53255157-5e5e-4368-8d76-5295b4b8863e', 2, 'support@talon.invalid', 'Insurgency',
     'Insurgency (2014) dedicated server.',
     '["steam_disk_space"]',
     '{"Source": "ghcr.io/pterodactyl/games:source"}',
     '[]', '{}', '{"done": "gameserver Steam ID"}', '{}', 'quit',
     './srcds_run -game insurgency -console -port {{SERVER_PORT}} +ip 0.0.0.0 +map {{SRCDS_MAP}} -strictportbind -norestart',
     'ghcr.io/pterodactyl/installers:debian', 'bash', NULL),

    (11, 'faff0f2c-ea3f-4c59-ac07-f33725f4b6e6', 2, 'support@talon.invalid', 'Team Fortress 2',
     'Team Fortress 2 dedicated server.',
     '["gsl_token", "steam_disk_space"]',
     '{"Source": "ghcr.io/pterodactyl/games:source"}',
     '[]', '{}', '{"done": "gameserver Steam ID"}', '{}', 'quit',
     './srcds_run -game tf -console -port {{SERVER_PORT}} +ip 0.0.0.0 +map {{SRCDS_MAP}} -strictportbind -norestart +sv_setsteamaccount {{STEAM_ACC}}',
     'ghcr.io/pterodactyl/installers:debian', 'bash', NULL),

    (12, '5ecc8780-463f-491e-827f-36d22c64a7ea', 3, 'support@talon.invalid', 'Mumble Server',
     'Mumble voice server (murmur); the image carries the server itself.',
     NULL,
     '{"Mumble": "ghcr.io/parkervcp/yolks:voice_mumble"}',
     '[]',
     '{"murmur.ini": {"parser": "ini", "find": {"host": "0.0.0.0", "port": "{{server.build.default.port}}", "users": "{{server.build.env.MAX_USERS}}", "database": "/home/container/murmur.sqlite"}}}',
     '{"done": "Server listening on"}', '{}', '^C',
     'mumble-server -fg -ini murmur.ini',
     'ghcr.io/pterodactyl/installers:alpine', 'ash',
     $script$#!/bin/ash
# The image already holds the server: start from an empty configuration for the panel to fill in.
mkdir -p /mnt/server && touch /mnt/server/murmur.ini
$script$),

    (13, '9bfc20c1-5275-4096-aa51-c34e0f14e446', 3, 'support@talon.invalid', 'Teamspeak3 Server',
     'TeamSpeak 3 voice server; starting it accepts the TeamSpeak licence.',
     NULL,
     '{"Debian": "ghcr.io/pterodactyl/yolks:debian"}',
     '[]', '{}', '{"done": "listening on 0.0.0.0:"}', '{}', '^C',
     './ts3server default_voice_port={{SERVER_PORT}} query_port={{QUERY_PORT}} filetransfer_ip=0.0.0.0 filetransfer_port={{FILE_TRANSFER}} license_accepted=1',
     'ghcr.io/pterodactyl/installers:alpine', 'ash',
     $script$#!/bin/ash
# Downloads and unpacks the TeamSpeak 3 server release named by TS_VERSION.
apk add --no-cache curl tar bzip2
mkdir -p /mnt/server && cd /mnt/server
curl -fsSL "https://files.teamspeak-services.com/releases/server/$TS_VERSION/teamspeak3-server_linux_amd64-$TS_VERSION.tar.bz2" | tar -xj --strip-components=1
$script$),

    (14, 'd0ec2242-3973-4c1a-8503-240acf45f4c4', 4, 'support@talon.invalid', 'Rust',
     'Rust dedicated server (vanilla).',
     '["steam_disk_space"]',
     '{"Rust": "ghcr.io/pterodactyl/games:rust"}',
     '[]', '{}', '{"done": "Server startup complete"}', '{}', 'quit',
     './RustDedicated -batchmode +server.port {{SERVER_PORT}} +server.queryport {{QUERY_PORT}} +server.identity "rust" +server.hostname "{{HOSTNAME}}" +server.description "{{DESCRIPTION}}" +server.level "{{LEVEL}}" +server.worldsize {{WORLD_SIZE}} +server.seed {{WORLD_SEED}} +server.maxplayers {{MAX_PLAYERS}} +server.saveinterval {{SAVEINTERVAL}} +rcon.port {{RCON_PORT}} +rcon.web true +rcon.password "{{RCON_PASS}}" {{ADDITIONAL_ARGS}}',
     'ghcr.io/pterodactyl/installers:debian', 'bash', NULL);

-- Every SteamCMD egg installs the same way, driven by its SRCDS_APPID variable.
UPDATE eggs SET script_install = $script$#!/bin/bash
# Installs (or updates) Steam app SRCDS_APPID into /mnt/server with SteamCMD.
mkdir -p /mnt/server /tmp/steamcmd && cd /tmp/steamcmd
curl -fsSL https://steamcdn-a.akamaihd.net/client/installer/steamcmd_linux.tar.gz | tar -xz
LOGIN="$STEAM_USER"
[ -z "$LOGIN" ] && LOGIN=anonymous
./steamcmd.sh +force_install_dir /mnt/server +login "$LOGIN" $STEAM_PASS $STEAM_AUTH +app_update "$SRCDS_APPID" validate +quit
# dedicated servers look for Steam's client library where a Steam install keeps it
mkdir -p /mnt/server/.steam/sdk32 /mnt/server/.steam/sdk64
cp linux32/steamclient.so /mnt/server/.steam/sdk32/
cp linux64/steamclient.so /mnt/server/.steam/sdk64/
$script$
WHERE id IN (6, 7, 8, 9, 10, 11, 14);

INSERT INTO egg_variables (egg_id, name, description, env_variable, default_value, user_viewable, user_editable, rules) VALUES
    (1, 'Bungeecord Version', 'BungeeCord build to download: a build number, or latest.',
     'BUNGEE_VERSION', 'latest', TRUE, TRUE, 'required|alpha_num|between:1,6'),
    (1, 'Bungeecord Jar File', 'File name the proxy jar is saved under and started from.',
     'SERVER_JARFILE', 'bungeecord.jar', TRUE, TRUE, 'required|regex:/^[\w.-]+\.jar$/'),

    (2, 'Server Jar File', 'Jar started when the installer left no unix_args.txt behind (older Forge versions).',
     'SERVER_JARFILE', 'server.jar', TRUE, TRUE, 'required|regex:/^[\w.-]+\.jar$/'),
    (2, 'Minecraft Version', 'Minecraft version to run Forge on, or latest.',
     'MC_VERSION', 'latest', TRUE, TRUE, 'required|string|max:20'),
    (2, 'Build Type', 'Which Forge build of that version: recommended or latest.',
     'BUILD_TYPE', 'recommended', TRUE, TRUE, 'required|string|in:recommended,latest'),
    (2, 'Forge Version', 'An exact Forge version; empty means the build type decides.',
     'FORGE_VERSION', '', TRUE, TRUE, 'nullable|regex:/^[0-9.-]+$/'),

    (3, 'Minecraft Version', 'Minecraft version to run, or latest.',
     'MINECRAFT_VERSION', 'latest', TRUE, TRUE, 'required|string|max:20'),
    (3, 'Build Number', 'Paper build of that version, or latest.',
     'BUILD_NUMBER', 'latest', TRUE, TRUE, 'required|string|max:20'),
    (3, 'Server Jar File', 'File name the server jar is saved under and started from.',
     'SERVER_JARFILE', 'server.jar', TRUE, TRUE, 'required|regex:/^[\w.-]+\.jar$/'),

    (4, 'Sponge Version', 'SpongeVanilla release to download, as Minecraft version-Sponge version.',
     'SPONGE_VERSION', '1.12.2-7.3.0', TRUE, TRUE, 'required|regex:/^[\w.-]+$/'),
    (4, 'Server Jar File', 'File name the server jar is saved under and started from.',
     'SERVER_JARFILE', 'server.jar', TRUE, TRUE, 'required|regex:/^[\w.-]+\.jar$/'),

    (5, 'Server Version', 'Minecraft release to download, or latest.',
     'VANILLA_VERSION', 'latest', TRUE, TRUE, 'required|string|max:20'),
    (5, 'Server Jar File', 'File name the server jar is saved under and started from.',
     'SERVER_JARFILE', 'server.jar', TRUE, TRUE, 'required|regex:/^[\w.-]+\.jar$/'),

    (6, 'Map', 'Map the server loads.', 'SERVER_MAP', 'TheIsland', TRUE, TRUE, 'required|string|max:20'),
    (6, 'Server Name', 'Name shown in the server browser.',
     'SESSION_NAME', 'An ARK server', TRUE, TRUE, 'required|string|max:128'),
    (6, 'Server Password', 'Password players need to join; empty for none.',
     'ARK_PASSWORD', '', TRUE, TRUE, 'nullable|alpha_dash|max:100'),
    (6, 'Admin Password', 'Password for admin commands and RCON; empty leaves RCON unusable.',
     'ARK_ADMIN_PASSWORD', '', TRUE, TRUE, 'nullable|alpha_dash|max:100'),
    (6, 'Query Port', 'Steam query port.', 'QUERY_PORT', '27015', TRUE, TRUE, 'required|integer|between:1,65535'),
    (6, 'RCON Port', 'Remote console port.', 'RCON_PORT', '27020', TRUE, TRUE, 'required|integer|between:1,65535'),
    (6, 'Steam App ID', 'Steam app of the dedicated server, used by the installer.',
     'SRCDS_APPID', '376030', TRUE, FALSE, 'required|integer'),

    (7, 'Map', 'Map the server starts on.', 'SRCDS_MAP', 'de_dust2', TRUE, TRUE, 'required|string|alpha_dash'),
    (7, 'Game Server Login Token', 'Steam game server login token (32 characters); public servers need one.',
     'STEAM_ACC', '', TRUE, TRUE, 'nullable|alpha_num|size:32'),
    (7, 'Steam App ID', 'Steam app of the dedicated server, used by the installer.',
     'SRCDS_APPID', '740', FALSE, FALSE, 'required|integer'),

    (8, 'Steam App ID', 'Steam app of the dedicated server to install.',
     'SRCDS_APPID', '232330', TRUE, FALSE, 'required|integer|digits_between:1,7'),
    (8, 'Game Folder', 'The game''s folder name, passed to srcds as -game.',
     'SRCDS_GAME', 'cstrike', TRUE, FALSE, 'required|alpha_dash|max:100'),
    (8, 'Map', 'Map the server starts on.', 'SRCDS_MAP', 'de_dust2', TRUE, TRUE, 'required|string|alpha_dash'),
    (8, 'Steam Username', 'Steam account for games that cannot be installed anonymously; empty for anonymous.',
     'STEAM_USER', '', TRUE, TRUE, 'nullable|string'),
    (8, 'Steam Password', 'Password of that Steam account.', 'STEAM_PASS', '', TRUE, TRUE, 'nullable|string'),
    (8, 'Steam Guard Code', 'Steam Guard code of that account, when it asks for one.',
     'STEAM_AUTH', '', TRUE, TRUE, 'nullable|string'),

    (9, 'Map', 'Map the server starts on.', 'SRCDS_MAP', 'gm_flatgrass', TRUE, TRUE, 'required|string|alpha_dash'),
    (9, 'Gamemode', 'Gamemode the server runs.', 'GAMEMODE', 'sandbox', TRUE, TRUE, 'required|string|max:50'),
    (9, 'Max Players', 'Player slots.', 'MAX_PLAYERS', '32', TRUE, TRUE, 'required|integer|between:1,128'),
    (9, 'Tickrate', 'Server ticks per second.', 'TICKRATE', '22', TRUE, TRUE, 'required|integer|between:10,100'),
    (9, 'Workshop Collection', 'Steam Workshop collection the server mounts; empty for none.',
     'WORKSHOP_ID', '', TRUE, TRUE, 'nullable|integer'),
    (9, 'Game Server Login Token', 'Steam game server login token (32 characters); public servers need one.',
     'STEAM_ACC', '', TRUE, TRUE, 'nullable|alpha_num|size:32'),
    (9, 'Steam App ID', 'Steam app of the dedicated server, used by the installer.',
     'SRCDS_APPID', '4020', FALSE, FALSE, 'required|integer'),

    (10, 'Map', 'Map the server starts on.', 'SRCDS_MAP', 'sinjar', TRUE, TRUE, 'required|alpha_dash|max:20'),
    (10, 'Steam App ID', 'Steam app of the dedicated server, used by the installer.',
     'SRCDS_APPID', '237410', TRUE, FALSE, 'required|in:237410'),

    (11, 'Map', 'Map the server starts on.', 'SRCDS_MAP', 'cp_dustbowl', TRUE, TRUE, 'required|alpha_dash|max:20'),
    (11, 'Game Server Login Token', 'Steam game server login token (32 characters); public servers need one.',
     'STEAM_ACC', '', TRUE, TRUE, 'nullable|alpha_num|size:32'),
    (11, 'Steam App ID', 'Steam app of the dedicated server, used by the installer.',
     'SRCDS_APPID', '232250', TRUE, FALSE, 'required|in:232250'),

    (12, 'Maximum Users', 'Users connected at once.', 'MAX_USERS', '100', TRUE, FALSE, 'required|integer|between:1,10000'),

    (13, 'Server Version', 'TeamSpeak 3 server release to download.',
     'TS_VERSION', '3.13.7', TRUE, TRUE, 'required|regex:/^\d+(\.\d+)+$/'),
    (13, 'Query Port', 'ServerQuery port.', 'QUERY_PORT', '10011', TRUE, FALSE, 'required|integer|between:1025,65535'),
    (13, 'File Transfer Port', 'Port for file transfers.',
     'FILE_TRANSFER', '30033', TRUE, FALSE, 'required|integer|between:1025,65535'),

    (14, 'Server Name', 'Name shown in the server browser.', 'HOSTNAME', 'A Rust server', TRUE, TRUE, 'required|string|max:60'),
    (14, 'Description', 'Text shown on the server''s page in the browser.',
     'DESCRIPTION', 'Hosted with Talon', TRUE, TRUE, 'required|string|max:255'),
    (14, 'Level', 'World type the server generates.', 'LEVEL', 'Procedural Map', TRUE, TRUE, 'required|string|max:30'),
    (14, 'World Size', 'Edge length of a procedural map, in metres.',
     'WORLD_SIZE', '3000', TRUE, TRUE, 'required|integer|between:1000,6000'),
    (14, 'World Seed', 'Seed of a procedural map.', 'WORLD_SEED', '12345', TRUE, TRUE, 'required|integer'),
    (14, 'Max Players', 'Player slots.', 'MAX_PLAYERS', '50', TRUE, TRUE, 'required|integer|between:1,500'),
    (14, 'Save Interval', 'Seconds between world saves.', 'SAVEINTERVAL', '300', TRUE, TRUE, 'required|integer|min:30'),
    (14, 'Query Port', 'Steam query port.', 'QUERY_PORT', '27017', TRUE, FALSE, 'required|integer|between:1,65535'),
    (14, 'RCON Port', 'Web RCON port.', 'RCON_PORT', '28016', TRUE, FALSE, 'required|integer|between:1,65535'),
    (14, 'RCON Password', 'Web RCON password; empty leaves RCON unusable.',
     'RCON_PASS', '', TRUE, TRUE, 'nullable|regex:/^[\w.-]*$/|max:64'),
    (14, 'Additional Arguments', 'Further +option value pairs for the server.',
     'ADDITIONAL_ARGS', '', TRUE, TRUE, 'nullable|string'),
    (14, 'Steam App ID', 'Steam app of the dedicated server, used by the installer.',
     'SRCDS_APPID', '258550', FALSE, FALSE, 'required|integer');

-- Rows were given their ids: the sequences carry on after them.
SELECT setval(pg_get_serial_sequence('nests', 'id'), (SELECT max(id) FROM nests));
SELECT setval(pg_get_serial_sequence('eggs', 'id'), (SELECT max(id) FROM eggs));
