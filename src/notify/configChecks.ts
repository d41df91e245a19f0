import { statSync } from 'node:fs';

/** True for an absolute http(s) URL; links in messages and webhook addresses must be one. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** True when the path names an existing directory (checked once at start, so a typo stops the process). */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
