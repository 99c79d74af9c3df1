import { Dashboard } from './_components/dashboard';

export default function Page() {
  return <Dashboard />;
}
