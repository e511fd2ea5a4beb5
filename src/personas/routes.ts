import Router from '@koa/router';
import { avatarSvg } from './avatar.js';
import type { PersonaRegistry } from './registry.js';

/** Serves the avatars personas' `picture` claims point at. */
export function avatarRoute(personas: PersonaRegistry): Router {
  const router = new Router();
  router.get('/avatars/:file', (ctx) => {
    const id = ctx.params.file?.replace(/\.svg$/, '') ?? '';
    const persona = personas.find(id);
    if (!persona) {
      ctx.status = 404;
      ctx.body = { error: 'not_found', error_description: `no persona "${id}"` };
      return;
    }
    ctx.type = 'image/svg+xml';
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = avatarSvg(persona.id, persona.name);
  });
  return router;
}
