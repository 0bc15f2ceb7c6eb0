/** How the screen's height is shared: fixed lines, then the table and the hint pane. */
export interface Layout {
	/** Lines of the table including its header. */
	table: number;
	/** Lines of the hint pane including its rule. */
	hint: number;
}

/** Title, view bar, host line and key line take one line each; Ink's output keeps the terminal's last line free. */
const fixedLines = 4;

export function layoutFor(rows: number): Layout {
	const rest = Math.max(4, rows - 1 - fixedLines);
	const hint = rest >= 14 ? Math.max(6, Math.min(13, Math.round(rest * 0.4))) : Math.max(2, rest - 5);
	return {table: Math.max(2, rest - hint), hint};
}
