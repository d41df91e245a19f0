import { readFile } from 'node:fs/promises';
import { AppError } from '../http/errors.ts';

/**
 * A JSON file a person wrote (a taxonomy seed, a tracker connection), parsed, or an INVALID_INPUT
 * that names the file. Notepad and Excel start UTF-8 files with a byte-order mark, which JSON.parse
 * refuses, so it is dropped first.
 */
export async function readJsonFile(file: string): Promise<unknown> {
  try {
    return JSON.parse((await readFile(file, 'utf8')).replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new AppError('INVALID_INPUT', `Cannot read "${file}" as JSON: ${(error as Error).message}`);
  }
}
