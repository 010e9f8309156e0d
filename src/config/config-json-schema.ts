import { z } from 'zod';
import { ConfigSchema } from './config-schema.js';

/** JSON Schema of the config file, for editors (`# yaml-language-server: $schema=...`). */
export const configJsonSchema = (): Record<string, unknown> => ({
  ...z.toJSONSchema(ConfigSchema, { io: 'input', unrepresentable: 'any' }),
  title: 'assay configuration',
});
