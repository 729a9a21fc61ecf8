/**
 * The boot script: its own small file, loaded before the page's main bundle (vite-plugins/boot-script.ts puts it
 * first in index.html) and allowed by the page's CSP like every other script of qrdrop's own (`script-src 'self'`).
 */
import { startBoot } from './boot-script';

startBoot(window);
