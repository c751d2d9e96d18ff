/**
 * Regenerates clients/typescript/openapi.json, src/schema.ts and docs/errors.md from the merged
 * OpenAPI document: of the services built in process (default), or of a running gateway
 * (`--url http://127.0.0.1:3000`). Prints both linters' findings and counts; `--lint-only` writes nothing.
 */
import { parseArgs } from 'node:util'
import { mergedSpecInProcess } from './in-process.ts'
import { fetchSpec, redoclyLint, render, spectralLint, tempSpec, writeGenerated } from './spec.ts'

const { values } = parseArgs({ options: { url: { type: 'string' }, 'lint-only': { type: 'boolean' } } })
{
  const document = values.url ? await fetchSpec(values.url) : await mergedSpecInProcess()
  const file = tempSpec(document)
  const [redocly, spectral] = await Promise.all([redoclyLint(file), spectralLint(file)])
  for (const message of [...redocly.messages.map((m) => `redocly ${m}`), ...spectral.messages.map((m) => `spectral ${m}`)]) console.log(message)
  console.log(`redocly: ${redocly.errors} errors, ${redocly.warnings} warnings; spectral: ${spectral.errors} errors, ${spectral.warnings} warnings`)
  if (!values['lint-only']) {
    writeGenerated(await render(document))
    console.log('wrote clients/typescript/openapi.json, clients/typescript/src/schema.ts, docs/errors.md')
  }
}
