import {scenarioNames} from '../generate/scenarios.js';
import {viewNames} from '../parse/storage-views.js';

export const mainHelp = `
  Storage latency monitor for VMware ESXi, on esxtop batch data (KAVG / DAVG / GAVG)

  Usage
    $ esxlat                         replay the bundled demo recording
    $ esxlat replay FILE             replay a capture (plain or .gz; - for stdin)
    $ esxlat generate -o FILE        write a synthetic capture (demos, tests, benchmarks)

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
