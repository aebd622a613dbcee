// Serves a built site on 127.0.0.1 like the tests do (index.html for folders, the language's
// 404 page, the headers of netlify.toml): node tests/browser/serve.mjs SITE_DIR [PORT]
import { resolve } from 'node:path';
import { serve } from './helpers.mjs';

const server = await serve(resolve(process.argv[2] || 'site'), Number(process.argv[3] || 0));
console.log(server.url);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close().then(() => process.exit(0)));
