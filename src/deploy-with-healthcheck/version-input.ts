// The `version` input: none, auto, or an explicit version. Parsed without semver, so the
// common `none` path loads nothing extra.
import { InputError } from '../shared/errors.ts';

export type VersionInput =
  { kind: 'none' } | { kind: 'auto' } | { kind: 'explicit'; version: string };

export const VERSION_EXPECTED = 'none, auto, or a version like v1.2.3';

export function parseVersionInput(raw: string): VersionInput {
  const v = raw.trim();
  if (v === '' || v === 'none') return { kind: 'none' };
  if (v === 'auto') return { kind: 'auto' };
  const m = /^v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/.exec(v);
  if (!m) throw new InputError('version', raw, VERSION_EXPECTED);
  return { kind: 'explicit', version: `v${m[1]}` };
}
