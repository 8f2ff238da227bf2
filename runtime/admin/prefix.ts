/** Every emulator-only endpoint lives under this one reserved prefix, apart from app routes. */
export const ADMIN_PREFIX = '/.localhooks';
export const ADMIN_API = `${ADMIN_PREFIX}/api`;
export const LLM_PREFIX = `${ADMIN_PREFIX}/llm/v1`;
