/** The engines' run uses its own ports (ENGINES_PORT..+2), so it never meets the Playwright run's server. */
const base = Number(process.env.ENGINES_PORT ?? 4329);
export const ENGINE_PORTS = { server: base, proxy: base + 1, webkitDriver: base + 2 };
