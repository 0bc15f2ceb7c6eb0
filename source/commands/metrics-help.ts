/** Help for serve and export, and the --metrics options live and record share (kept out of help.ts). */
export const metricsOptionsHelp = `    --metrics [ADDR]       serve Prometheus metrics on http://ADDR/metrics while it runs
                           (default 127.0.0.1:9464; PORT, HOST:PORT, [IPv6]:PORT, :PORT for all)
    --metrics-views LIST   views exported (default all; paths and VM disks off above 1,000 entities)
    --metrics-filter RE    only entities whose id matches RE (any case)
                           (with several hosts, write --metrics=HOST:PORT: a bare word could be a host)`;

export function metricsCommandHelp(sshOptions: string): Record<string, string> {
	return {
		serve: `
  Usage
    $ esxlat serve [user@]host[:port]… [--hosts FILE] [--metrics ADDR] [--interval 5] [--all] [--record]

  A headless collector: one live esxtop session per host (reconnecting like live), all served
  on one Prometheus endpoint with a host label each. Records nothing unless --record is given
  (then each host to HOST-YYYYmmdd-HHMMSS.csv). Ends on Ctrl-C / SIGTERM.

  Options
${metricsOptionsHelp}
    --hosts FILE           more hosts, one a line (# comments)
    --interval S           seconds between samples, esxtop -d (default 5)
    --all                  every counter (esxtop -a: failed commands, aborts, resets, AQLEN)
    --threshold SPEC       warn:crit in ms for esxlat_device_bottleneck
${sshOptions}

  Examples
    $ esxlat serve root@esx01 root@esx02 --all --metrics :9464
    $ ESX_PW=... esxlat serve --hosts fleet.txt --password-env ESX_PW --accept-new
`,
		export: `
  Usage
    $ esxlat export FILE… [--format openmetrics] [-o OUT] [--metrics-views LIST] [--metrics-filter RE]

  Writes captures (plain or gzip, in time order; - reads stdin) as OpenMetrics with esxtop's
  timestamps and the live exporter's metric names, ending # EOF, in one streaming pass, for
  promtool tsdb create-blocks-from openmetrics OUT DATA_DIR.

  Options
    -o, --output OUT       where to write (default stdout)
    --format openmetrics   the only format so far
    --metrics-views LIST   views exported (default all)
    --metrics-filter RE    only entities whose id matches RE (any case)
    --threshold SPEC       warn:crit in ms for esxlat_device_bottleneck

  Examples
    $ esxlat export esx01-*.csv.gz -o esx01.om && promtool tsdb create-blocks-from openmetrics esx01.om data/
`,
	};
}
