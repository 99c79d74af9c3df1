// Runs in the browser before the app's own code (Next's instrumentation-client hook).
import { z } from 'zod';

// The pages' Content-Security-Policy has no 'unsafe-eval' (server/http/security-headers.ts). zod compiles its
// object parsers with new Function() when it may, and finds out by trying: the browser reports the refused
// try as a violation. A page parses a few small messages a second, which zod's interpreter does well enough.
z.config({ jitless: true });
