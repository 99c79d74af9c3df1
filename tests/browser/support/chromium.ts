import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium, headless, with the flags this sandbox needs (no background calls to the network).
 * `sslKeyLogFile` makes it write its TLS secrets there, as SSLKEYLOGFILE does, for a capture to decrypt.
 */
export function launchChromium(options: { sslKeyLogFile?: string } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(options.sslKeyLogFile ? [`--ssl-key-log-file=${options.sslKeyLogFile}`] : []),
    ],
  });
}
