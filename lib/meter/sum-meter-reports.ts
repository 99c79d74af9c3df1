import type { MeterReport } from '../protocol/meter-report';
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
      modes: {
        socketio: addCounters(sum.modes.socketio, report.modes.socketio),
        polling: addCounters(sum.modes.polling, report.modes.polling),
      },
      overhead: addCounters(sum.overhead, report.overhead),
      breakdown: {
        polling: addCounters(sum.breakdown.polling, report.breakdown.polling),
        socketio: addCounters(sum.breakdown.socketio, report.breakdown.socketio),
      },
      refusedPolls: sum.refusedPolls + report.refusedPolls,
    }),
    first,
  );
}
