/** Bytes from somewhere (a file, a gzip file, stdin, an SSH channel), pulled by the parser. */
export interface ByteSource {
	/** What to call the source in messages (a path, `stdin`, `root@esx01`). */
	readonly name: string;
	/** Total bytes when known up front (plain files), for progress. */
	readonly size: number | null;
	/** Bytes of the underlying file consumed so far (compressed bytes for gzip). */
	readonly position: number;
	/** Reads up to `into.length` bytes into `into`; resolves 0 at the end. */
	read(into: Uint8Array): Promise<number>;
	close(): Promise<void>;
}

/** A file that cannot be opened or read, with a message fit for one line on stderr. */
export class InputError extends Error {
	override name = 'InputError';
}

/** Turns Node's errno errors into a short reason: "no such file", "permission denied", … */
export function describeFsError(error: unknown): string {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	switch (code) {
		case 'ENOENT':
			return 'no such file or directory';
		case 'EACCES':
		case 'EPERM':
			return 'permission denied';
		case 'EISDIR':
			return 'is a directory, not a capture file';
		case 'ENOTDIR':
			return 'a part of the path is not a directory';
		case 'EMFILE':
		case 'ENFILE':
			return 'too many open files';
		default:
			return error instanceof Error ? error.message : String(error);
	}
}
