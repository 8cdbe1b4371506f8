// Random ids (output delimiters, stop-commands tokens, webhook delivery ids) without loading
// node:crypto, which costs ~4.5 ms of a ~50 ms cold start: 16 bytes from /dev/urandom, the
// kernel's CSPRNG, on the Linux and macOS runners; node:crypto where there is none (Windows).
import { closeSync, openSync, readSync } from 'node:fs';

function randomBytes16(): Buffer {
  const bytes = Buffer.alloc(16);
  try {
    const fd = openSync('/dev/urandom', 'r');
    try {
      if (readSync(fd, bytes, 0, 16, null) === 16) return bytes;
    } finally {
      closeSync(fd);
    }
  } catch {
    // no /dev/urandom: below
  }
  return process.getBuiltinModule('node:crypto').randomBytes(16);
}

/** A random RFC 4122 version 4 UUID, as crypto.randomUUID() gives. */
export function randomUUID(): string {
  const b = randomBytes16();
  b.writeUInt8((b.readUInt8(6) & 0x0f) | 0x40, 6); // version 4
  b.writeUInt8((b.readUInt8(8) & 0x3f) | 0x80, 8); // RFC 4122 variant
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
