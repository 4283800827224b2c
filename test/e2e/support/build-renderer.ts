import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repository = fileURLToPath(new URL('../../../', import.meta.url));

/** Builds the renderer into `out/renderer/` (what `quarry serve` serves), so the test sees the current UI. */
export function buildRenderer(): void {
  execFileSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build'], { cwd: repository, stdio: 'pipe' });
}
