import type { Metadata } from 'next';
import { CompareView } from './_components/compare-view';

export const metadata: Metadata = {
  title: 'Side by side — Live Ticker',
  description: 'Socket.IO and HTTP polling on the same market at once, each with its own meter.',
};

export default function Page() {
  return <CompareView />;
}
