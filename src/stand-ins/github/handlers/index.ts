/** Every handler by operationId: one per operation of the route table (routes.ts). */
import type { Handler } from '../handler-kit.js';
import { actionHandlers } from './actions.js';
import { appHandlers } from './apps.js';
import { contentHandlers } from './contents.js';
import { gitHandlers } from './git.js';
import { issueHandlers } from './issues.js';
import { pullHandlers } from './pulls.js';
import { repoHandlers } from './repos.js';

export { APP_JWT_OPERATIONS } from './apps.js';

export const handlers: Readonly<Record<string, Handler>> = {
  ...contentHandlers,
  ...gitHandlers,
  ...repoHandlers,
  ...pullHandlers,
  ...issueHandlers,
  ...actionHandlers,
  ...appHandlers,
};
