'use client';

import { useId } from 'react';
import { buildMeterExport, meterExportCsv, meterExportFileName, meterExportJson, type MeterExport } from '@/lib/meter/meter-export';
import { saveFile } from './save-file';
import { useShownMeter, useTicker } from '../../_state/ticker-context';

interface ExportFormat {
  readonly extension: 'json' | 'csv';
  readonly label: string;
  readonly type: string;
  readonly write: (figures: MeterExport) => string;
}

const FORMATS: readonly ExportFormat[] = [
  { extension: 'json', label: 'JSON', type: 'application/json', write: meterExportJson },
  { extension: 'csv', label: 'CSV', type: 'text/csv;charset=utf-8', write: meterExportCsv },
];

/** Downloads the figures the meter shows, from the same render, as JSON or CSV (see docs/meter.md, "Export"). */
export function MeterExportControl() {
  const meter = useShownMeter();
  const transport = useTicker((s) => s.mode);
  const tickIntervalMs = useTicker((s) => s.tickIntervalMs);
  const pollIntervalMs = useTicker((s) => s.pollIntervalMs);
  const labelId = useId();

  const save = ({ extension, type, write }: ExportFormat) => {
    const exportedAt = new Date();
    const figures = buildMeterExport({
      view: meter,
      exportedAt,
      pageUrl: location.href,
      transport,
      tickIntervalMs,
      pollIntervalMs,
    });
    saveFile(meterExportFileName(exportedAt, extension), type, write(figures));
  };

  return (
    <div className="meter-export" role="group" aria-labelledby={labelId}>
      <span id={labelId} className="meter-export-label">
        Export
      </span>
      {FORMATS.map((format) => (
        <button
          key={format.extension}
          type="button"
          className="button"
          onClick={() => save(format)}
          title={`Download these figures as ${format.label}`}
        >
          {format.label}
        </button>
      ))}
    </div>
  );
}
