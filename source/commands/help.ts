import {scenarioNames} from '../generate/scenarios.js';
import {viewNames} from '../parse/storage-views.js';

export const mainHelp = `
  Storage latency monitor for VMware ESXi, on esxtop batch data (KAVG / DAVG / GAVG)

  Usage
    $ esxlat                         replay the bundled demo recording
    $ esxlat replay FILE             replay a capture (plain or .gz; - for stdin)
    $ esxlat generate -o FILE        write a synthetic capture (demos, tests, benchmarks)
    $ esxlat report FILE             triage a capture: which device is bad, when, and why

  Common options
    --json                 one JSON object per sample per line, instead of the screen
    --view LIST            views to read: ${viewNames.join(',')} (default: all)
    --threshold SPEC       warn:crit in ms, e.g. kavg=3:8,davg=25:60 (default kavg=2:5,davg=20:50,gavg=20:50)
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

  Examples
    $ esxlat replay esx01.csv.gz --json --view device,adapter
    $ zcat esx01.csv.gz | esxlat replay - --json
`,
	report: `
  Usage
    $ esxlat report FILE [--json | --markdown] [--top N] [--threshold SPEC] [--from TIME] [--to TIME]

  Reads a capture (plain or gzip, any size; - reads stdin) in one pass and reports per device,
  adapter, path and NFS volume: DAVG/KAVG/GAVG/QAVG percentiles, load, errors, time over the
  thresholds, the longest stretch over them; then the culprits, worst first (severity × duration),
  each with a verdict: host side (queueing, queue full), storage side (one LUN, or adapter-wide:
  path, HBA, fabric), over-demand, commands timing out.

  Options
    --json                 the report as JSON (schema in the readme)
    --markdown             the report as Markdown, for a ticket
    --top N                culprits to list (default 10)
    --threshold SPEC       warn:crit in ms per metric, e.g. kavg=3:8,davg=25:60
    --from TIME, --to TIME only samples in this window (UTC, both ends included): 02:10,
                           02:10:30 (first such time in the capture), 2026-01-05T02:10:00Z,
                           "2026-01-05 02:10", "01/05/2026 02:10:00"

  On a terminal the report has colour and a timeline per culprit; piped, it is plain text
  (NO_COLOR turns colour off on a terminal, FORCE_COLOR=1 turns it on anywhere).

  Examples
    $ esxlat report esx01.csv.gz
    $ esxlat report esx01.csv.gz --from 02:00 --to 03:30 --markdown > ticket.md
    $ ssh root@esx01 esxtop -b -a -d 5 -n 720 | esxlat report - --json | jq .culprits[0].summary
`,
	generate: `
  Usage
    $ esxlat generate -o FILE [options]

  Writes a synthetic capture in esxtop's batch format (.gz compresses; - is stdout).

  Options
    -o, --output FILE      where to write (required)
    --scenario NAME        ${scenarioNames.join(', ')} (default demo)
    --samples N            rows after the header (default 120)
    --interval S           seconds between rows (default 5)
    --all                  all counters, as esxtop -a (with its unquoted PCPU Power State cells)
    --devices N            SAN LUNs besides the local boot disk (default: the scenario's, 6 for most)
    --adapters N           FC/iSCSI adapters the LUNs are spread over (default: the scenario's)
    --vms N                VMs, with one or two virtual disks each (default: the scenario's)
    --nfs N                NFS datastores (default: the scenario's)
    --columns N            extra Group Cpu/Vcpu columns, as on a big host (default 0)
    --host NAME            host name in the counter paths (default esx01.lab.local)
    --seed N               random seed (default 1)
    --stream               write one row per interval in real time, stamped now (a stand-in esxtop)
`,
};
