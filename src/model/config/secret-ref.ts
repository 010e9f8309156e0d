import { z } from 'zod';

/** Secrets are never written into the config file: only a reference to where they live. */
export const SecretRefSchema = z
  .object({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name') })
  .strict();
export type SecretRef = z.infer<typeof SecretRefSchema>;

export type SecretResolver = (ref: SecretRef, keyPath: string) => string;
