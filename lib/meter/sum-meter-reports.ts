import type { MeterReport } from '../protocol/meter-report';
import { perMode } from '../protocol/transport-mode';
import { addCounters } from './wire-counters';

/**
 * One tab's report from the reports of every process that served it: running totals add up, part by part,
 * and the time is the latest. With several processes behind one port, a tab's polls, its WebSocket and its
 * meter feed may each reach a different one.
 */
export function sumMeterReports(first: MeterReport, ...others: readonly MeterReport[]): MeterReport {
  return others.reduce(
    (sum, report) => ({
      serverTs: Math.max(sum.serverTs, report.serverTs),
      modes: perMode((mode) => addCounters(sum.modes[mode], report.modes[mode])),
      overhead: addCounters(sum.overhead, report.overhead),
      breakdown: {
        socketio: addCounters(sum.breakdown.socketio, report.breakdown.socketio),
        websocket: addCounters(sum.breakdown.websocket, report.breakdown.websocket),
        sse: addCounters(sum.breakdown.sse, report.breakdown.sse),
        longpolling: addCounters(sum.breakdown.longpolling, report.breakdown.longpolling),
        polling: addCounters(sum.breakdown.polling, report.breakdown.polling),
      },
      refusedPolls: sum.refusedPolls + report.refusedPolls,
    }),
    first,
  );
}
