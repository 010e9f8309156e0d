import { z } from 'zod';
import { ConfigSchema } from './config-schema.js';
import { ExceptionsFileSchema } from '../model/exception.js';

/** JSON Schema of the config file, for editors (`# yaml-language-server: $schema=...`). */
export const configJsonSchema = (): Record<string, unknown> => ({
  ...z.toJSONSchema(ConfigSchema, { io: 'input', unrepresentable: 'any' }),
  title: 'assay configuration',
});

/** JSON Schema of the exceptions register (`exceptions.file` in the config). */
export const exceptionsJsonSchema = (): Record<string, unknown> => ({
  ...z.toJSONSchema(ExceptionsFileSchema, { io: 'input', unrepresentable: 'any' }),
  title: 'assay exceptions register',
});
