import cluster from 'node:cluster';
import { readConfig, USAGE } from './config';
import { serveApp } from './serve-app';
import { superviseWorkers } from './worker-pool';

const result = readConfig(process.argv.slice(2), process.env);
if (result.ok === 'help') {
  console.log(USAGE);
  process.exit(0);
}
if (!result.ok) {
  console.error(`error: ${result.message}\n\n${USAGE}`);
  process.exit(2);
}
const { config } = result;

if (config.workers > 1 && cluster.isPrimary) superviseWorkers(config.workers);
else await serveApp(config);
