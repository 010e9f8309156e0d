/**
 * Bundles the Lambda handler (src/lambda.ts) into one tree-shaken ESM file with esbuild: the simulator, the CLI's demo
 * and every dev dependency stay out. `npm run bundle:lambda` writes dist/lambda/index.mjs (the handler is
 * `index.handler`) and prints its size; the deployment (infra/) zips that folder.
 */
import { build, type Metafile } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface LambdaBundle {
  file: string;
  bytes: number;
  /** Every source file that went in, relative to the project root. */
  inputs: string[];
}

export async function bundleLambda(outDir = path.join(root, 'dist', 'lambda')): Promise<LambdaBundle> {
  const file = path.join(outDir, 'index.mjs');
  const result = await build({
    entryPoints: [path.join(root, 'src', 'lambda.ts')],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minify: true,
    treeShaking: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    // Some dependencies are CommonJS and call require(); an ESM bundle gets one from node:module.
    banner: {
      js: "import { createRequire as __assayRequire } from 'node:module'; const require = __assayRequire(import.meta.url);",
    },
  });
  const meta: Metafile = result.metafile;
  const output = Object.values(meta.outputs)[0];
  if (!output) throw new Error('esbuild produced no output');
  return { file, bytes: output.bytes, inputs: Object.keys(meta.inputs).sort() };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const bundle = await bundleLambda();
  console.log(
    `${path.relative(root, bundle.file)}: ${(bundle.bytes / 2 ** 20).toFixed(2)} MiB, ${bundle.inputs.length} files`,
  );
}
