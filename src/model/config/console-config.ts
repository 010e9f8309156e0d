import { z } from 'zod';

export const CONSOLE_ROLES = ['viewer', 'triager', 'approver', 'auditor'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

/** `assay serve`: where it listens and, beyond loopback, who may sign in and with which roles. */
export const ConsoleConfigSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8080),
    auth: z
      .object({
        /**
         * A header set by a trusted reverse proxy (e.g. `X-Forwarded-Email`) naming the signed-in user. Only enable
         * it when nothing but the proxy can reach the console: anyone else could send the header.
         */
        proxyHeader: z
          .string()
          .regex(/^[A-Za-z0-9-]+$/, 'expected an HTTP header name')
          .optional(),
        /** Roles by user email; a signed-in user in no list is a viewer. */
        roles: z.partialRecord(z.enum(CONSOLE_ROLES), z.array(z.email())).default({}),
      })
      .strict()
      .optional(),
  })
  .strict();
export type ConsoleConfig = z.infer<typeof ConsoleConfigSchema>;
