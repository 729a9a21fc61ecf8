import { ALL_CATALOGS } from '../i18n/all-catalogs';

/** Tests: every catalog at hand, without the lazy loading the page does. */
export const TEST_CATALOGS = ALL_CATALOGS;
