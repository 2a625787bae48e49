/**
 * Publishes Swagger UI under /swagger/ for the server's OpenAPI document.
 *
 * `vite build` copies the three runtime files of swagger-ui-dist into dist/swagger/ and writes
 * an index page for /api/v1/openapi.json; `vite` (dev) serves the same files from memory.
 */
import { createRequire } from 'node:module'
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import type { Plugin, ResolvedConfig } from 'vite'

const ASSETS = [
  'swagger-ui-bundle.js',
  'swagger-ui.css',
  'swagger-ui-standalone-preset.js',
  'LICENSE',
  'NOTICE',
]
const SPEC_URL = '/api/v1/openapi.json'

const INDEX_HTML = `<!doctype html>
<html lang="zh-CN">
  <head>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <title>1+X 考务管理平台 API 文档</title>
    <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
    <link rel="stylesheet" href="./swagger-ui.css" />
    <style>body { margin: 0; }</style>
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="./swagger-ui-bundle.js"></script>
    <script src="./swagger-ui-standalone-preset.js"></script>
    <script src="./swagger-initializer.js"></script>
  </body>
</html>
`

// Requests made with "Try it out" must carry the same header as the web client, or the server
// refuses state-changing calls.
const INITIALIZER_JS = `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: '${SPEC_URL}',
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: 'StandaloneLayout',
    requestInterceptor: function (request) {
      request.headers['X-Requested-With'] = 'kaowu'
      return request
    },
  })
}
`

function swaggerDistDir(): string {
  const require = createRequire(import.meta.url)
  return dirname(require.resolve('swagger-ui-dist/package.json'))
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
}

export function swaggerUi(): Plugin {
  let config: ResolvedConfig
  return {
    name: 'kaowu-swagger-ui',
    configResolved(resolved) {
      config = resolved
    },
    configureServer(server) {
      const source = swaggerDistDir()
      server.middlewares.use('/swagger', (req, res, next) => {
        const name = (req.url ?? '/').split('?')[0].replace(/^\/+/, '') || 'index.html'
        let body: string | Buffer | undefined
        if (name === 'index.html') body = INDEX_HTML
        else if (name === 'swagger-initializer.js') body = INITIALIZER_JS
        else if (ASSETS.includes(name)) body = readFileSync(join(source, name))
        if (body === undefined) return next()
        const ext = name.slice(name.lastIndexOf('.'))
        res.setHeader('Content-Type', CONTENT_TYPES[ext] ?? 'text/plain; charset=utf-8')
        res.end(body)
      })
    },
    closeBundle() {
      if (config.command !== 'build') return
      const source = swaggerDistDir()
      const target = resolve(config.root, config.build.outDir, 'swagger')
      mkdirSync(target, { recursive: true })
      for (const name of ASSETS) {
        const from = join(source, name)
        if (existsSync(from)) copyFileSync(from, join(target, name))
      }
      writeFileSync(join(target, 'index.html'), INDEX_HTML)
      writeFileSync(join(target, 'swagger-initializer.js'), INITIALIZER_JS)
    },
  }
}
