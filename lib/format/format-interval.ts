/** A poll interval as the controls name it: "100 ms", "250 ms", "1 s", "5 s". */
export function formatInterval(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${ms / 1000} s`;
}
