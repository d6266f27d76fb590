/**
 * Where a prompt's sound file is: `<sounds>/<tenant>/<language>/<name>.wav`, else
 * `<sounds>/<name>.wav` (seed CF-30: per-tenant sounds, then the shared ones).
 *
 * @remarks
 * Names come from configuration (an IVR's prompts), so they are checked before they touch the file
 * system: segments of letters, digits, `_`, `-` and `.` separated by `/`, none of them `.` or
 * `..`, no absolute path; a trailing `.wav` is accepted and not doubled. A name, tenant or language
 * that fails the check finds no file, as a missing one does.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';

/** A prompt to find: its name and whose and which language it is. */
export interface PromptName {
  readonly sound: string;
  readonly tenantUuid: string;
  readonly language: string;
}

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** Whether a name (or a tenant, a language) is a safe relative path inside the sounds folder. */
export function isSafeSoundName(name: string): boolean {
  if (name === '' || name.length > 255) return false;
  return name.split('/').every((segment) => SEGMENT.test(segment) && segment !== '.' && segment !== '..');
}

/** The files to try for a prompt, in order; empty for a name that fails the check. */
export function promptCandidates(soundsDir: string, prompt: PromptName): readonly string[] {
  const name = prompt.sound.endsWith('.wav') ? prompt.sound.slice(0, -'.wav'.length) : prompt.sound;
  if (!isSafeSoundName(name)) return [];
  const shared = join(soundsDir, `${name}.wav`);
  if (!isSafeSoundName(prompt.tenantUuid) || prompt.tenantUuid.includes('/') || !isSafeSoundName(prompt.language) || prompt.language.includes('/')) return [shared];
  return [join(soundsDir, prompt.tenantUuid, prompt.language, `${name}.wav`), shared];
}

/** The first existing file of {@link promptCandidates}, or undefined. */
export async function findPromptFile(soundsDir: string, prompt: PromptName): Promise<string | undefined> {
  for (const candidate of promptCandidates(soundsDir, prompt)) {
    try {
      await access(candidate);
      return candidate;
    } catch {
      // Not there: the next candidate.
    }
  }
  return undefined;
}
