import { join } from 'node:path';

/** The project folder, from out/test/support. */
export const projectRoot = join(__dirname, '..', '..', '..');

/** The counting worker as tsc compiles it, for unit tests without a bundle. */
export const compiledWorkerScript = join(projectRoot, 'out', 'src', 'core', 'counting', 'countWorker.js');
