const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
/** 127.0.0.0/8, alone or as a dual-stack socket reports IPv4 (::ffff:127.0.0.1). */
const IPV4_LOOPBACK = new RegExp(`^(::ffff:)?127(\\.${OCTET}){3}$`);

/**
 * Whether a host name or address is this machine: localhost, 127.0.0.0/8 or ::1, with or without the
 * brackets of a URL.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || IPV4_LOOPBACK.test(host);
}
