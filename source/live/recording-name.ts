/** `HOST-YYYYmmdd-HHMMSS.csv` (local time): the default recording name, in the current directory. */
export function defaultRecordingName(host: string, date: Date = new Date()): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	const day = `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}`;
	const time = `${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
	// An IPv6 address or an odd alias must still make one plain file name.
	const safeHost = host.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[.]+/, '') || 'esxi';
	return `${safeHost}-${day}-${time}.csv`;
}
