// `npm test`: the unit tests, then the end-to-end tests in two passes: the ones that time real
// journeys one at a time (a second browser competing for two cores would turn timings into noise),
// then the ones that judge no timing two at a time. Every pass runs even when one before failed,
// so a failure never hides another; the exit code is the first failure's.
import { spawnSync } from 'node:child_process';

const passes = [
  // Unit tests time nothing: both cores.
  ['--project=unit', '--workers=2'],
  ['--project=e2e', '--workers=1'],
  ['--project=e2e-parallel', '--workers=2'],
];
let code = 0;
for (const args of passes) {
  const { status } = spawnSync('npx', ['playwright', 'test', ...args, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (status !== 0 && code === 0) code = status ?? 1;
}
process.exit(code);
