// Which files a prompt's links may bring in as context: only those inside the workspace folders, judged on real
// paths (symbolic links resolved first), so `../../etc/passwd` or a link pointing out of the workspace is not read.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

/** Why a linked file is left out. */
export const OUTSIDE_WORKSPACE = 'outside the workspace, not counted';

/** True when `file` is `folder` or below it (both absolute, already resolved). */
export function isInsideFolder(file: string, folder: string, api: path.PlatformPath = path): boolean {
  const relative = api.relative(folder, file);
  return relative === '' || (!relative.startsWith(`..${api.sep}`) && relative !== '..' && !api.isAbsolute(relative));
}

/** The real path of a file, or undefined when it does not exist or cannot be resolved. */
export async function realPath(file: string): Promise<string | undefined> {
  try {
    return await fsp.realpath(file);
  } catch {
    return undefined;
  }
}

/** Whether the file, once its links are resolved, lies inside one of the folders (whose links are resolved too). */
export async function insideFolders(file: string, folders: readonly string[]): Promise<boolean> {
  const real = await realPath(file);
  if (real === undefined) return false;
  for (const folder of folders) {
    const realFolder = (await realPath(folder)) ?? folder;
    if (isInsideFolder(real, realFolder)) return true;
  }
  return false;
}
