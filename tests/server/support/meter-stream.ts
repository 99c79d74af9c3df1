import { onTestFinished } from 'vitest';
import { METER_PATH, meterReportSchema, type MeterReport } from '../../../lib/protocol/meter-report';

export interface MeterStream {
  /** The next report the server sends, validated against the protocol's schema. */
  next(): Promise<MeterReport>;
  /** Reads reports until one satisfies `done`, and returns it. */
  until(done: (report: MeterReport) => boolean): Promise<MeterReport>;
  close(): void;
}

/**
 * GET /api/meter?tab=… read as an event stream: each event is one `data:` line with a JSON report.
 * Closed when the current test finishes.
 */
export async function openMeter(baseUrl: string, tab: string): Promise<MeterStream> {
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}${METER_PATH}?tab=${tab}`, { signal: abort.signal });
  if (response.status !== 200 || !response.body) throw new Error(`the meter answered ${response.status}`);
  if (response.headers.get('content-type') !== 'text/event-stream; charset=utf-8') throw new Error('not an event stream');
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const close = () => abort.abort();
  onTestFinished(close);

  let buffered = '';
  const next = async (): Promise<MeterReport> => {
    for (;;) {
      const end = buffered.indexOf('\n\n');
      if (end >= 0) {
        const event = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const data = event
          .split('\n')
          .filter((line) => line.startsWith('data: '))
          .map((line) => line.slice('data: '.length))
          .join('\n');
        return meterReportSchema.parse(JSON.parse(data));
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('the meter stream ended');
      buffered += value;
    }
  };
  const until = async (done: (report: MeterReport) => boolean): Promise<MeterReport> => {
    for (;;) {
      const report = await next();
      if (done(report)) return report;
    }
  };
  return { next, until, close };
}
