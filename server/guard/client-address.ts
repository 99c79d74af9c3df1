import { isIPv6 } from 'node:net';

const MAPPED_IPV4 = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i;

/** The eight 16-bit groups of a valid IPv6 address, `::` expanded (an embedded IPv4 tail counts as two). */
function ipv6Groups(address: string): string[] {
  const [head = '', tail] = address.toLowerCase().split('::');
  const part = (text: string) => (text === '' ? [] : text.split(':').flatMap((group) => (group.includes('.') ? ['v4', 'v4'] : [group])));
  const front = part(head);
  const back = tail === undefined ? [] : part(tail);
  return [...front, ...Array<string>(8 - front.length - back.length).fill('0'), ...back];
}

/**
 * Who a connection's peer counts as for the per-address limits: an IPv4 address itself (also as a
 * dual-stack socket reports it, ::ffff:a.b.c.d), and an IPv6 address's /64. One subscriber usually
 * holds a whole /64, and would otherwise get a fresh limit with each of its 2^64 addresses.
 */
export function addressKey(address: string | undefined): string {
  if (address === undefined) return '';
  const mapped = MAPPED_IPV4.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (!isIPv6(address)) return address;
  const prefix = ipv6Groups(address)
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''));
  return `${prefix.join(':')}::/64`;
}
