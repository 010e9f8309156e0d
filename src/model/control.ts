import { z } from 'zod';

export const FRAMEWORKS = ['iso27001', 'iso42001'] as const;
export const FrameworkSchema = z.enum(FRAMEWORKS);
export type Framework = z.infer<typeof FrameworkSchema>;

export const FRAMEWORK_NAMES: Record<Framework, string> = {
  iso27001: 'ISO/IEC 27001:2022 Annex A',
  iso42001: 'ISO/IEC 42001:2023 Annex A',
};

export const ControlSchema = z.object({
  framework: FrameworkSchema,
  id: z.string(),
  title: z.string(),
  theme: z.string(),
});
export type Control = z.infer<typeof ControlSchema>;

/** A control reference as findings carry it: `iso27001:5.17`, `iso42001:A.6.2.8`. */
export type ControlRef = `${Framework}:${string}`;
export const controlRef = (c: Pick<Control, 'framework' | 'id'>): ControlRef => `${c.framework}:${c.id}`;
