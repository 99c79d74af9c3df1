import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'Live Ticker — polling, long polling, SSE and WebSockets, measured',
  description:
    'Live simulated prices over Socket.IO, a plain WebSocket, Server-Sent Events, long polling or polling, with a meter of what each really costs on the wire.',
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: '#f6f7f9',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
