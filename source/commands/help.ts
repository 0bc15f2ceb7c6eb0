import {scenarioDescriptions, scenarioNames} from '../generate/scenarios.js';
import {viewNames} from '../parse/storage-views.js';
import {metricsCommandHelp, metricsOptionsHelp} from './metrics-help.js';

/** How live and record reach a host (shared by both help texts). */
const sshOptions = `    -i, --identity KEY     private key file (repeatable); also tried: ssh-agent, IdentityFile
                           from ~/.ssh/config, ~/.ssh/id_ed25519, id_ecdsa, id_rsa; then
                           keyboard-interactive and password, asked on the terminal
    --password-env VAR     take the password from environment variable VAR (scripts)
    --accept-new           trust a host key seen for the first time without asking
                           (a changed key is always refused)`;

export const mainHelp = `
  Storage latency monitor for VMware ESXi, on esxtop batch data (KAVG / DAVG / GAVG)

  Usage
    $ esxlat                         replay the bundled demo recording
    $ esxlat replay FILE             replay a capture (plain or .gz; - for stdin)
    $ esxlat generate -o FILE        write a synthetic capture (demos, tests, benchmarks)
    $ esxlat live [user@]host        watch a host live over SSH (--json: NDJSON)
    $ esxlat live HOST HOST…         many hosts: the fleet screen (also --hosts FILE)
    $ esxlat record [user@]host      record a host's esxtop stream to a file, headless
    $ esxlat report FILE             triage a capture: which device is bad, when, and why
    $ esxlat serve HOST… --metrics ADDR   a headless Prometheus exporter for one or more hosts
    $ esxlat export FILE… -o OUT     captures as OpenMetrics, for promtool backfill

  Common options
    --json                 one JSON object per sample per line, instead of the screen
    --view LIST            views to read: ${viewNames.join(',')} (default: all)
    --threshold SPEC       warn:crit in ms, e.g. kavg=3:8,davg=25:60 (default kavg=2:5,davg=20:50,gavg=20:50)
    --config FILE          settings file (default $XDG_CONFIG_HOME/esxlat/config.json or
                           ~/.config/esxlat/config.json): layout, thresholds, per-device thresholds
    --help                 this text; esxlat COMMAND --help for one command
    --version

  Examples
    $ esxlat replay capture.csv.gz --json --view device | jq .rows[0]
    $ ssh root@esx01 esxtop -b -a -d 5 -n 720 | gzip > capture.csv.gz
`;

export const commandHelp: Record<string, string> = {
	replay: `
  Usage
    $ esxlat replay FILE [--json] [--view LIST] [--threshold SPEC]

  Replays a capture made with \`esxtop -b\` (plain or gzip, any size; - reads stdin).
  On a terminal it opens the monitor screen (? lists its keys); elsewhere use --json.

  Options
    --json                 print one JSON object per sample per line on stdout and a one-line
                           summary of skipped rows on stderr
    --view LIST            ${viewNames.join(',')} (default: all)
    --threshold SPEC       warn:crit in ms per metric, e.g. kavg=3:8,davg=25:60
    --min-io RATE          commands/s under which the hint pane calls latency too little I/O to judge (default 5)
    --config FILE          settings file (default ~/.config/esxlat/config.json; W on the screen writes it)

  Examples
    $ esxlat replay esx01.csv.gz --json --view device,adapter
    $ zcat esx01.csv.gz | esxlat replay - --json
`,
	live: `
  Usage
    $ esxlat live [user@]host[:port] [--interval 5] [--all] [-i KEY] [--record [FILE]] [--json] [--count N]
    $ esxlat live HOST HOST… [--hosts FILE] [--record [DIR/]]     the fleet screen

  Runs esxtop -b on the host over SSH and shows it on the monitor screen as it arrives.
  Reconnects by itself (1 s doubling to 30 s) after a dropped connection, a stall or a
  changed column set. On the screen: space freezes (samples keep arriving), t/T step back
  and forth, b jumps, z follows live again, R starts/stops recording, ? lists every key.

  With several hosts (or --hosts FILE) each has its own session, reconnects and status;
  questions (host keys, passwords) come first, host by host, and a typed password can be
  used for the other hosts. The fleet screen shows a row per host, worst first: Enter opens
  that host's monitor screen (Esc returns, [ ] step hosts), l the LUNs seen on several hosts
  with the cross-host verdict (the array, or one host's paths/HBA). --json: every host's
  samples, each line naming its host; --record DIR/: one file per host.

  Options
    --json                 one JSON object per sample per line on stdout (as replay --json)
    --interval S           seconds between samples, esxtop -d (default 5; esxtop takes 2 or more)
    --all                  every counter (esxtop -a)
    --record [FILE]        also record to FILE (.gz compresses; default HOST-YYYYmmdd-HHMMSS.csv)
    --count N              stop after N samples (default: until quit)
    --history N            samples kept for stepping back (default: 4 hours at 5 s, fewer on very wide hosts)
    --hosts FILE           more hosts: one [user@]host[:port] or alias per line, # comments
${metricsOptionsHelp}
${sshOptions}
    --view LIST            ${viewNames.join(',')} (default: all)
    --threshold SPEC       warn:crit in ms per metric, e.g. kavg=3:8,davg=25:60
    --min-io RATE          commands/s under which the hint pane calls latency too little I/O to judge (default 5)
    --config FILE          settings file (default ~/.config/esxlat/config.json; W on the screen writes it)

  Examples
    $ esxlat live root@esx01
    $ esxlat live root@esx01 --json --view device | jq -c '.rows[] | select(.severity != "ok")'
    $ esxlat live esx01 --record --json > /dev/null
    $ esxlat live root@esx01 root@esx02 root@esx03
    $ esxlat live --hosts cluster-a.txt --interval 2
`,
	record: `
  Usage
    $ esxlat record [user@]host[:port] [-o FILE] [--interval 5] [--count N] [--all]
    $ esxlat record HOST HOST… [--hosts FILE] [-o DIR/]    one file per host

  Records the host's esxtop -b stream to a file, without a screen: bytes as esxtop sent
  them, complete rows only, so esxtop tools and esxlat replay read it. Ends after N
  samples or on Ctrl-C, with the file complete. Reconnects by itself like live; after a
  reconnect rows go on in the same file, or in FILE.2.csv when esxtop's columns changed.

  Options
    -o, --output FILE      where to write (.gz compresses; default HOST-YYYYmmdd-HHMMSS.csv;
                           an existing file is never overwritten); with several hosts a
                           directory (created if missing), one HOST-YYYYmmdd-HHMMSS.csv each
    --hosts FILE           more hosts: one [user@]host[:port] or alias per line, # comments
    --count N              stop after N samples (default: until Ctrl-C)
    --interval S           seconds between samples, esxtop -d (default 5; esxtop takes 2 or more)
    --all                  every counter (esxtop -a)
${metricsOptionsHelp}
${sshOptions}

  Examples
    $ esxlat record root@esx01 -o esx01.csv.gz --interval 5 --count 720
    $ ESX_PASSWORD=... esxlat record esx01 --password-env ESX_PASSWORD --accept-new
    $ esxlat record --hosts cluster-a.txt -o incident-0205/ --count 720
`,
	report: `
  Usage
    $ esxlat report FILE [--json | --markdown] [--top N] [--threshold SPEC] [--min-io RATE] [--from TIME] [--to TIME]

  Reads a capture (plain or gzip, any size; - reads stdin) in one pass and reports per device,
  adapter, path and NFS volume: DAVG/KAVG/GAVG/QAVG percentiles, load, errors, time over the
  thresholds, the worst stretch over them; which paths and adapters serve each device, and the
  local ones; then the culprits, worst first (by what the guests lost: commands/s × latency over
  the threshold × time), each with every episode, recurrence, trend and a verdict: host side
  (queue full, throttled queue depth, host-wide), storage side (one LUN, a path/HBA, adapter-wide,
  a local disk), over-demand (load above its own baseline), commands timing out. Latency under
  --min-io commands/s is too little I/O to judge: listed, never a culprit.

  Options
    --json                 the report as JSON (schema in the readme)
    --markdown             the report as Markdown, for a ticket
    --top N                culprits to list (default 10)
    --threshold SPEC       warn:crit in ms per metric, e.g. kavg=3:8,davg=25:60
    --min-io RATE          commands/s under which latency is too little I/O to judge (default 5)
    --config FILE          settings file (default ~/.config/esxlat/config.json; W on the screen writes it)
    --from TIME, --to TIME only samples in this window (UTC, both ends included): a time of
                           day (02:10, 02:10:30: the one nearest the capture's start; --to
                           the first after --from), 2026-01-05T02:10:00Z, "2026-01-05 02:10"
                           or "01/05/2026 02:10:00"; +10m: after the first sample (--to: after --from)

  On a terminal the report has colour and a timeline per culprit; piped, it is plain text
  (NO_COLOR turns colour off on a terminal, FORCE_COLOR=1 turns it on anywhere).

  Examples
    $ esxlat report esx01.csv.gz
    $ esxlat report esx01.csv.gz --from 02:00 --to 03:30 --markdown > ticket.md
    $ ssh root@esx01 esxtop -b -a -d 5 -n 720 | esxlat report - --json | jq .culprits[0].summary
`,
	...metricsCommandHelp(sshOptions),
	generate: `
  Usage
    $ esxlat generate -o FILE [options]

  Writes a synthetic capture in esxtop's batch format (.gz compresses; - is stdout).

  Options
    -o, --output FILE      where to write (required)
    --scenario NAME        what happens to the storage (default demo):
${scenarioNames.map((name) => `                             ${name.padEnd(16)}${scenarioDescriptions[name]}`).join('\n')}
    --samples N            rows after the header (default 120)
    --interval S           seconds between rows (default 5)
    --all                  all counters, as esxtop -a (with its unquoted PCPU Power State cells)
    --devices N            SAN LUNs besides the local boot disk (default: the scenario's, 6 for most)
    --adapters N           FC/iSCSI adapters the LUNs are spread over (default: the scenario's)
    --paths N|MIN-MAX      round-robin paths per LUN over consecutive adapters (default 1), e.g. 2-4
    --vms N                VMs, with one or two virtual disks each (default: the scenario's)
    --nfs N                NFS datastores (default: the scenario's)
    --columns N            extra Group Cpu/Vcpu columns, as on a big host (default 0)
    --host NAME            host name in the counter paths (default esx01.lab.local)
    --seed N               random seed (default 1)
    --stream               write one row per interval in real time, stamped now (a stand-in esxtop)
    --force                overwrite FILE if it exists (without it an existing file is refused)
`,
};
