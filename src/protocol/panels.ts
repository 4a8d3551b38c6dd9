// What every Crux editor panel (run history, trajectory viewer, trajectory tree) shares with
// the extension host: the ready handshake and the error notice. Each page has its own message
// unions beside this file; all travel through the same validation as the agent view's.
import { isInt, isNonEmptyString, oneOf, type FieldChecks } from './checks';

export type PanelPage = 'history' | 'viewer' | 'tree';
export const PANEL_PAGES: readonly PanelPage[] = ['history', 'viewer', 'tree'];

/** The page loaded and listens; the host sends its data only after this (queued until then). */
export interface PanelReadyMessage { type: 'panel-ready'; protocolVersion: number; page: PanelPage }
/** Something the page asked for failed on the host side; the page shows it. */
export interface PanelErrorMessage { type: 'panel-error'; message: string }

export const panelReadyChecks: FieldChecks<Omit<PanelReadyMessage, 'type'>> = { protocolVersion: isInt, page: oneOf(...PANEL_PAGES) };
export const panelErrorChecks: FieldChecks<Omit<PanelErrorMessage, 'type'>> = { message: isNonEmptyString };
