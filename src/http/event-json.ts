import { eventJson, type ContactEvent } from '../domain/contact-events.ts';
import { utf8Body } from './contact-record.ts';

/** `{"data": [events], "next_cursor"}` as UTF-8 JSON; each event's changes go out as stored. */
export const eventPageBody = (events: readonly ContactEvent[], nextCursor: string | null): Buffer =>
  utf8Body(`{"data":[${events.map(eventJson).join(',')}],"next_cursor":${JSON.stringify(nextCursor)}}`);
