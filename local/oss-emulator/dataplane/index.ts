export { createDataPlane } from './hook.ts';
export type { DataPlaneOptions } from './hook.ts';
