/** Where node:http connects for `base`: its host without an IPv6 address's brackets, and its port. */
export function httpTarget(base: URL): { readonly host: string; readonly port: number } {
  return { host: base.hostname.replace(/^\[|\]$/g, ''), port: Number(base.port || 80) };
}
