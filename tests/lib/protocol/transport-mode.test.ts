import { describe, expect, it } from 'vitest';
import { parseModeList, perMode, TRANSPORT_LABELS, TRANSPORT_MODES } from '../../../lib/protocol/transport-mode';

describe('transport modes', () => {
  it('should offer the five modes in the order the Transport control shows them', () => {
    expect(TRANSPORT_MODES.map((mode) => TRANSPORT_LABELS[mode])).toEqual([
      'Socket.IO',
      'WebSocket',
      'Server-Sent Events',
      'Long polling',
      'Polling',
    ]);
  });

  it('should make a record with an entry per mode, in that order', () => {
    expect(Object.keys(perMode((mode) => mode.length))).toEqual([...TRANSPORT_MODES]);
  });

  it('should read a list of modes in the control’s order, dropping unknown and repeated names', () => {
    expect(parseModeList('polling,sse,socketio,sse')).toEqual(['socketio', 'sse', 'polling']);
    expect(parseModeList('ws,Polling,, polling')).toEqual([]);
    expect(parseModeList('')).toEqual([]);
  });
});
