import { METER_PATH, meterReportSchema, type MeterReport } from '../../lib/protocol/meter-report';
import { openEventStream, type EventStream } from './event-stream';

export type MeterStream = EventStream<MeterReport>;

/** GET /api/meter?tab=… read as an event stream of reports. Closed when the current test finishes. */
export function openMeter(baseUrl: string, tab: string): Promise<MeterStream> {
  return openEventStream(`${baseUrl}${METER_PATH}?tab=${tab}`, meterReportSchema);
}
