-- Prosody for messagesend's tests: loopback only, its own data folder, no s2s.
-- {{...}} placeholders are filled in by startProsody().
run_as_root = true
pidfile = "{{DIR}}/prosody.pid"
data_path = "{{DIR}}/data"
certificates = "{{DIR}}/certs"
interfaces = { "{{HOST}}" }
c2s_ports = { {{PORT}} }
c2s_direct_tls_ports = { }
legacy_ssl_ports = { }
s2s_ports = { }
http_ports = { }
https_ports = { }
component_ports = { }
-- Debian's default mod_limits throttles c2s to 10 kB/s: not loaded here.
modules_enabled = { "roster", "saslauth", "disco", "ping", "posix", "smacks"{{EXTRA_MODULES}} }
modules_disabled = { "s2s"{{DISABLED_MODULES}} }
authentication = "internal_hashed"
-- SCRAM with Prosody's default 10,000 iterations costs seconds per login here.
default_iteration_count = 1000
c2s_require_encryption = {{REQUIRE_ENCRYPTION}}
allow_unencrypted_plain_auth = {{ALLOW_PLAIN}}
{{SSL}}
{{NETWORK}}
log = { { levels = { min = "info" }, to = "console" } }

VirtualHost "{{DOMAIN}}"
{{SSL}}
