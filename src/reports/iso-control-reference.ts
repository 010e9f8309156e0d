import { EvidenceError } from '../errors.js';
import type { Framework } from '../model/control.js';

/** The standard each framework's Annex A belongs to, as exports name it. */
export const STANDARD_NAMES: Record<Framework, string> = {
  iso27001: 'ISO/IEC 27001:2022',
  iso42001: 'ISO/IEC 42001:2023',
};

export interface IsoControlReference {
  standard: string;
  /** The Annex A id as the standard prints it: `A.8.5`, `A.6.2.6`. */
  annexA: string;
}

/**
 * `iso27001:8.5` → ISO/IEC 27001:2022 `A.8.5`; `iso42001:A.6.2.6` → ISO/IEC 42001:2023 `A.6.2.6`. The catalog keeps
 * 27001 ids without the `A.` that 42001 ids carry; exports use the Annex A form of both.
 */
export function isoControlReference(ref: string): IsoControlReference {
  const colon = ref.indexOf(':');
  const framework = ref.slice(0, colon);
  const id = ref.slice(colon + 1);
  if (colon < 1 || !id || !Object.hasOwn(STANDARD_NAMES, framework))
    throw new EvidenceError(`not a control reference: '${ref}' (expected iso27001:ID or iso42001:ID)`, {
      code: 'invalid',
    });
  return { standard: STANDARD_NAMES[framework as Framework], annexA: id.startsWith('A.') ? id : `A.${id}` };
}

/** `ISO/IEC 27001:2022 A.8.5`: unambiguous across both standards, whose Annex A numbers overlap. */
export const qualifiedControl = (r: IsoControlReference): string => `${r.standard} ${r.annexA}`;
