import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createSecureContext } from 'node:tls';
import { generate } from 'selfsigned';
import { errorMessage } from '../lib/format/error-message';

/** What the HTTPS server needs, and what to tell the person starting it. */
export interface TlsMaterial {
  readonly key: string;
  readonly cert: string;
  /** SHA-256 fingerprint of the certificate, as browsers show it. */
  readonly fingerprint: string;
  /** True when made at start (self-signed), false when read from files. */
  readonly generated: boolean;
}

export interface TlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

/** A generated certificate is for this machine's own names only, and short-lived: it is made anew each start. */
const GENERATED_DAYS = 30;

async function readPem(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new Error(`cannot read the TLS ${what} file ${file} (${code})`);
  }
}

/** Makes a self-signed certificate for localhost, 127.0.0.1 and ::1, with an EC P-256 key. */
async function generateSelfSigned(): Promise<{ key: string; cert: string }> {
  const notBeforeDate = new Date();
  const notAfterDate = new Date(notBeforeDate.getTime() + GENERATED_DAYS * 24 * 60 * 60 * 1000);
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

/**
 * The certificate and key to serve HTTPS with: read from the given files, or generated now. Files that
 * cannot be read, or a key that does not match its certificate, are an error with a message for a person.
 */
export async function loadTlsMaterial(files?: TlsFiles): Promise<TlsMaterial> {
  const { key, cert } = files
    ? { cert: await readPem(files.certFile, 'certificate'), key: await readPem(files.keyFile, 'key') }
    : await generateSelfSigned();
  let fingerprint: string;
  try {
    fingerprint = new X509Certificate(cert).fingerprint256;
    createSecureContext({ key, cert });
  } catch (error) {
    const reason = errorMessage(error);
    throw new Error(`the TLS certificate and key cannot be used together: ${reason}`);
  }
  return { key, cert, fingerprint, generated: !files };
}
