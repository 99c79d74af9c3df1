import { describe, expect, it } from 'vitest';
import { EventStreamReader } from '../programs/load/event-stream-reader';

describe('EventStreamReader', () => {
  it('should dispatch an event at its blank line, with its type, data and id', () => {
    const reader = new EventStreamReader();
    expect(reader.push('retry: 1000\n\nevent: resume\nid: 7:41\ndata: {"a":1}\n\nid: 7:42\ndata: [7,42]\n\n')).toEqual([
      { type: 'resume', data: '{"a":1}' },
      { type: 'message', data: '[7,42]' },
    ]);
    expect(reader.lastEventId).toBe('7:42');
  });

  it('should put together an event cut anywhere, a CR LF line end included', () => {
    const reader = new EventStreamReader();
    const text = 'id: 1:2\r\ndata: [1,\r\ndata: 2]\r\n\r\nevent: heartbeat\r\ndata:\r\n\r\n';
    const events = [...text].flatMap((character) => reader.push(character));
    expect(events).toEqual([
      { type: 'message', data: '[1,\n2]' },
      { type: 'heartbeat', data: '' },
    ]);
    expect(reader.lastEventId).toBe('1:2');
  });

  it('should read past comments and not dispatch an event without data', () => {
    const reader = new EventStreamReader();
    expect(reader.push(': a comment\n\nevent: nothing\n\nid: 3:4\n\n')).toEqual([]);
    expect(reader.lastEventId).toBe('3:4');
  });

  it('should drop what a stream left unfinished when another starts, and keep the last event id', () => {
    const reader = new EventStreamReader();
    reader.push('id: 5:6\ndata: [5,6]\n\nid: 5:7\ndata: [5,');
    reader.restart();
    expect(reader.push('event: resume\ndata: {}\n\n')).toEqual([{ type: 'resume', data: '{}' }]);
    expect(reader.lastEventId).toBe('5:6');
  });
});
