import {defaultThresholds, parseThresholds, type Thresholds} from '../model/thresholds.js';
import {type ViewName, viewNames} from '../parse/storage-views.js';
import type {SavedLayout} from '../view/App.js';
import type {UiSettings} from '../view/ui-state.js';
import {defaultLayout, layoutFromColumns, shownColumns, type ViewLayout} from '../view/view-layout.js';
import {configWithLayout, type EsxlatConfig, type ViewSettings, writeConfig} from './config-file.js';

/**
 * The thresholds in force: esxlat's defaults, then the config file's, then --threshold; the
 * config's per-device rules ride along (thresholdsFor applies them per entity).
 */
export function thresholdsFrom(config: EsxlatConfig | null, flag: string | undefined): Thresholds {
	let thresholds: Thresholds = {...defaultThresholds, ...config?.thresholds};
	if (config && config.deviceThresholds.length > 0) thresholds = {...thresholds, devices: config.deviceThresholds};
	return flag === undefined ? thresholds : parseThresholds(flag, thresholds);
}

/** What the screen starts with: the saved view, and each view's columns, sort and id width. */
export function uiSettingsFrom(config: EsxlatConfig): UiSettings {
	const layouts: Partial<Record<ViewName, ViewLayout>> = {};
	const sort: UiSettings['sort'] = {};
	for (const view of viewNames) {
		const saved = config.views[view];
		if (!saved) continue;
		if (saved.columns) layouts[view] = layoutFromColumns(view, saved.columns, saved.idWidth ?? null);
		else if (saved.idWidth !== undefined) layouts[view] = {...defaultLayout(view), idWidth: saved.idWidth};
		if (saved.sort) sort[view] = saved.sort;
	}
	return {...(config.defaultView ? {view: config.defaultView} : {}), layouts, sort};
}

/** The screen's layout as the config file's `views`. */
export function viewSettingsOf(layout: SavedLayout): Record<ViewName, ViewSettings> {
	return Object.fromEntries(
		viewNames.map((view) => {
			const settings: ViewSettings = {columns: shownColumns(layout.layouts[view]), sort: {...layout.sort[view]}};
			const idWidth = layout.layouts[view].idWidth;
			if (idWidth !== null) settings.idWidth = idWidth;
			return [view, settings];
		}),
	) as Record<ViewName, ViewSettings>;
}

/**
 * W: writes the layout into the config file, keeping its thresholds, per-device thresholds
 * and minIo; resolves to the line the key bar shows.
 */
export function layoutSaver(config: EsxlatConfig): (layout: SavedLayout) => Promise<string> {
	return async (layout) => {
		const views = viewSettingsOf(layout);
		try {
			await writeConfig(config.path, configWithLayout(config, {view: layout.view, views}));
		} catch (error) {
			return `W: could not write ${config.path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
		}
		config.exists = true;
		config.defaultView = layout.view;
		config.views = views;
		return `layout saved to ${config.path} (read at the next start)`;
	};
}
